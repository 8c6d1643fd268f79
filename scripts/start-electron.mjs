// Runs the built app with the locally installed Electron binary (`npm start`).
//
// `npm ci` does not run Electron's install script (package.json → allowScripts denies it), so an
// install never fails for want of the download host. The binary (about 100 MB) is fetched here,
// the first time the app is started, with a progress line; where it cannot be, one line says why
// and points to the browser build, instead of a stack trace.

import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronPackageDir = path.dirname(require.resolve('electron/package.json'));
const { version: electronVersion } = JSON.parse(
  readFileSync(path.join(electronPackageDir, 'package.json'), 'utf8'),
);

/** The binary's path when it is installed, else null. Never downloads anything. */
function installedElectronBinary() {
  // An override points at a binary the user provides; the package resolves it (no download).
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  }
  // Not require('electron'): since Electron 42 that downloads on first use and prints a stack
  // trace when it fails. path.txt is what the install script writes last.
  const pathFile = path.join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronPackageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Why the download failed, in a few words: the DNS answer first, it is the usual cause. */
async function downloadFailureReason(stderr) {
  const host = process.env.ELECTRON_MIRROR
    ? new URL(process.env.ELECTRON_MIRROR).hostname
    : 'github.com';
  try {
    await lookup(host);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'failed';
    return `cannot resolve ${host} (${code})`;
  }
  const firstLine = stderr.split('\n').find((line) => line.trim() !== '');
  return firstLine?.trim() ?? 'the download failed';
}

const BROWSER_HINT = '`npm run dev:web` runs the same app in a browser.';

/** Runs Electron's own install script (download, checksum check, unzip); resolves to the binary. */
async function downloadElectronBinary() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.error(
      `The Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set; unset it to download it, or ${BROWSER_HINT}`,
    );
    return null;
  }
  console.log(
    `Downloading Electron ${electronVersion} for ${process.platform}-${process.arch} (about 100 MB, first start only)…`,
  );
  const child = spawn(process.execPath, [path.join(electronPackageDir, 'install.js')], {
    cwd: electronPackageDir,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  const binary = code === 0 ? installedElectronBinary() : null;
  if (binary === null) {
    const reason = await downloadFailureReason(stderr);
    console.error(`Could not download the Electron binary: ${reason}. ${BROWSER_HINT}`);
  }
  return binary;
}

const electronBinary = installedElectronBinary() ?? (await downloadElectronBinary());
if (electronBinary === null) process.exit(1);

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
