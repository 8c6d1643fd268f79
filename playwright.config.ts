// Playwright: the renderer e2e suite runs in Chromium against the built renderer served by
// `vite preview`, with an in-memory sync server beside it for the sync specs; the Electron suite
// runs only where the Electron binary is installed.

import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutablePath } from './test/support/chromium';
import { e2eSyncServerUrl } from './test/support/e2e-accounts';

/** The built renderer's port; E2E_WEB_PORT (with E2E_SYNC_PORT) lets two checkouts test at once. */
const webPort = Number(process.env.E2E_WEB_PORT) || 4173;

export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: [['list'], ['./test/support/failure-context-reporter.ts']],
  use: {
    baseURL: `http://localhost:${webPort}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'renderer',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromiumExecutablePath(),
          args: CHROMIUM_ARGS,
        },
      },
    },
    { name: 'electron', testDir: 'test/e2e-electron' },
  ],
  webServer: [
    {
      command: `npx vite preview --port ${webPort} --strictPort`,
      url: `http://localhost:${webPort}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // node, not npx: the signal reaches the server itself, which closes cleanly.
      command: 'node --import tsx test/support/e2e-sync-server.ts',
      url: `${e2eSyncServerUrl()}/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
