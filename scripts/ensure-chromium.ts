// The first step of `npm test` and `npm run e2e`: make sure the e2e suite has a Chromium before
// anything runs. Uses CHROMIUM_PATH, Debian's /usr/bin/chromium or Playwright's own; when none
// is there, asks Playwright to download its browser (works wherever its download host is
// reachable), and otherwise stops with one message naming what to install.

import { spawnSync } from 'node:child_process';
import { findChromium } from '../test/support/chromium';

export const NO_CHROMIUM_MESSAGE =
  "The e2e tests need Chromium: install Debian's (`sudo apt-get install chromium`), " +
  'or set CHROMIUM_PATH to a Chromium or Chrome executable, ' +
  'or run `npx playwright install chromium` where its download host is reachable.';

function main(): number {
  let choice = findChromium();
  // A CHROMIUM_PATH that points nowhere is a mistake to report, not a reason to download.
  if (choice.source === 'missing' && !process.env.CHROMIUM_PATH) {
    console.log('No Chromium found; trying `npx playwright install chromium`…');
    const install = spawnSync('npx', ['playwright', 'install', 'chromium'], {
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
      timeout: 10 * 60_000,
    });
    if (install.status === 0) choice = findChromium();
  }
  if (choice.source === 'missing') {
    console.error(`${NO_CHROMIUM_MESSAGE} (${choice.problem})`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
