// Bundles the sync server into dist-server/main.js (`npm run build:server`), so a showroom PC
// runs it with plain Node after `npm ci --omit=dev`: no tsx, no TypeScript, no toolchain.
//
// Everything is inlined except the packages that load files of their own at runtime and so must
// stay in node_modules: PGlite (its WebAssembly and data files sit next to its module) and
// @node-rs/argon2 (a native binding picked per platform). Both are runtime `dependencies`; the
// build fails if the bundle would need anything that `npm ci --omit=dev` does not install.

import { readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// An argument puts the bundle elsewhere (the bundle's own test builds into a scratch directory).
const outDir = path.resolve(process.argv[2] ?? path.join(projectRoot, 'dist-server'));

/** Loaded from node_modules at runtime (see above); pg-native is pg's optional native driver. */
const RUNTIME_PACKAGES = ['@electric-sql/pglite', '@node-rs/argon2'];
const OPTIONAL_PACKAGES = ['pg-native'];

await rm(outDir, { recursive: true, force: true });

const result = await build({
  entryPoints: ['server/main.ts'],
  outfile: path.join(outDir, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: [...RUNTIME_PACKAGES, ...OPTIONAL_PACKAGES],
  // Bundled CommonJS packages (Fastify, pg) call require() for Node's built-ins, which an ES
  // module does not have: give them one.
  banner: {
    js: "import { createRequire as __dealerdeskCreateRequire } from 'node:module'; const require = __dealerdeskCreateRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  absWorkingDir: projectRoot,
});

const { dependencies } = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8'));
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const externals = new Set(
  Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports
      .filter((imported) => imported.external)
      .map((imported) => packageName(imported.path)),
  ),
);
const notInstalled = [...externals].filter(
  (name) =>
    !name.startsWith('node:') &&
    !builtinModules.includes(name) &&
    !(name in dependencies) &&
    !OPTIONAL_PACKAGES.includes(name),
);
if (notInstalled.length > 0) {
  console.error(
    `dist-server/main.js would need packages that are not runtime dependencies: ${notInstalled.join(', ')}`,
  );
  process.exit(1);
}

const outFile = path.relative(projectRoot, path.join(outDir, 'main.js')).split(path.sep).join('/');
const output = result.metafile.outputs[outFile];
console.log(`${outFile}  ${output ? `${(output.bytes / 1024).toFixed(1)} kB` : '?'}`);
