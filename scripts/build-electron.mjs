// Bundles the Electron main process and preload into dist-electron/*.cjs.
// Both are single files: the main bundle so the packaged app needs no node_modules, the preload
// because a sandboxed preload can require nothing but 'electron' (and a few Node polyfills).

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(projectRoot, 'dist-electron');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  absWorkingDir: projectRoot,
};

/** The imports a bundle leaves to runtime `require` (everything not inlined). */
function externalImports(metafile) {
  return new Set(
    Object.values(metafile.outputs).flatMap((output) =>
      output.imports.filter((imported) => imported.external).map((imported) => imported.path),
    ),
  );
}

await rm(outDir, { recursive: true, force: true });

const [main, preload] = await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: path.join(outDir, 'main.cjs') }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: path.join(outDir, 'preload.cjs'),
  }),
]);

// Fail the build rather than ship a preload that crashes at startup in the sandbox.
const preloadExternals = [...externalImports(preload.metafile)].filter(
  (name) => name !== 'electron',
);
if (preloadExternals.length > 0) {
  console.error(
    `preload.cjs must only require 'electron' (sandboxed preload); it also requires: ${preloadExternals.join(', ')}`,
  );
  process.exit(1);
}

for (const [name, result] of [
  ['main.cjs', main],
  ['preload.cjs', preload],
]) {
  const output =
    result.metafile.outputs[
      path.relative(projectRoot, path.join(outDir, name)).split(path.sep).join('/')
    ];
  const size = output === undefined ? '?' : `${(output.bytes / 1024).toFixed(1)} kB`;
  console.log(`dist-electron/${name}  ${size}`);
}
