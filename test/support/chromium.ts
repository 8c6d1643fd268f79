// Which Chromium the e2e tests, the screenshots and the benchmarks drive, and how: Debian's
// where installed (Playwright cannot download its own browser here), else Playwright's own.
// The flags keep Chromium from calling home on a machine with no internet.

import { existsSync } from 'node:fs';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export function chromiumExecutablePath(): string | undefined {
  return process.env.CHROMIUM_PATH ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
