// Runs the built app with the locally installed Electron binary (`npm start`).
// The npm package `electron` only downloads its binary in a postinstall step; where that step
// was skipped or had no network, say so plainly instead of failing with a stack trace.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function findElectronBinary() {
  try {
    // The package's main export is the absolute path of the binary; it throws if it was
    // never downloaded.
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const electronBinary = findElectronBinary();
if (electronBinary === null) {
  console.error(
    [
      'The Electron binary is not installed.',
      'Run `npm install-scripts approve electron` / `npm rebuild electron` with internet access to download it;',
      'meanwhile `npm run dev:web` runs the same app in a browser.',
    ].join('\n'),
  );
  process.exit(1);
}

const env = { ...process.env };
// Set by some editors' terminals; it would make Electron behave as plain Node.
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(electronBinary, ['.', ...process.argv.slice(2)], {
  cwd: projectRoot,
  env,
  stdio: 'inherit',
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!child.killed) child.kill(signal);
  });
}

child.on('error', (error) => {
  console.error(`Could not start Electron: ${error.message}`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === null ? 0 : 1));
});
