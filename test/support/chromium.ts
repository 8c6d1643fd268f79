// Which Chromium the e2e tests, the screenshots and the benchmarks drive, and how: CHROMIUM_PATH
// when set, Debian's where installed (Playwright cannot download its own browser everywhere),
// else Playwright's own. The flags keep Chromium from calling home on a machine with no internet.
//
// `npm test` and `npm run e2e` first run scripts/ensure-chromium.ts: it finds a browser, or
// installs Playwright's when the network allows, or stops before any test with one message
// saying what to install — rather than every e2e test failing one by one.

import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export type ChromiumChoice =
  | { source: 'CHROMIUM_PATH' | 'system' | 'playwright'; executablePath: string }
  | { source: 'missing'; problem: string };

/** The browser the e2e suite would use on this machine, without installing anything. */
export function findChromium(
  where: { env?: NodeJS.ProcessEnv; systemPath?: string; playwrightPath?: string } = {},
): ChromiumChoice {
  const { env = process.env, systemPath = SYSTEM_CHROMIUM } = where;
  const configured = env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    return existsSync(configured)
      ? { source: 'CHROMIUM_PATH', executablePath: configured }
      : {
          source: 'missing',
          problem: `CHROMIUM_PATH points at ${configured}, which does not exist`,
        };
  }
  if (existsSync(systemPath)) return { source: 'system', executablePath: systemPath };
  const bundled = where.playwrightPath ?? chromium.executablePath();
  if (existsSync(bundled)) return { source: 'playwright', executablePath: bundled };
  return { source: 'missing', problem: `no Chromium at ${systemPath} nor Playwright's own` };
}

/**
 * The executable to launch; undefined lets Playwright use its own (headless shell included),
 * which it installs next to the full browser.
 */
export function chromiumExecutablePath(): string | undefined {
  const choice = findChromium();
  return choice.source === 'CHROMIUM_PATH' || choice.source === 'system'
    ? choice.executablePath
    : undefined;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
