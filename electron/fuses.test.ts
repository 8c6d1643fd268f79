// The packaging configuration (electron-builder.config.cjs): valid for electron-builder, with the
// fuses, update feed and signing rules the release depends on; and the fuses as they really are
// in a packed app's Electron binary, where one has been built (`npm run dist`, which needs the
// Electron binary — this test skips with a message where there is none).

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants';
import type { Configuration } from 'app-builder-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const CONFIG_FILE = path.join(projectRoot, 'electron-builder.config.cjs');

function isConfiguration(value: unknown): value is Configuration {
  return typeof value === 'object' && value !== null && 'appId' in value;
}

/** The config as electron-builder would load it, under the current environment. */
function loadConfig(): Configuration {
  delete require.cache[require.resolve(CONFIG_FILE)];
  const loaded: unknown = require(CONFIG_FILE);
  if (!isConfiguration(loaded)) throw new Error('electron-builder.config.cjs exports no config');
  return loaded;
}

/** LoadBrowserProcessSpecificV8Snapshot is not set: Electron's default stands. */
const EXPECTED_FUSES: readonly [FuseV1Options, FuseState][] = [
  [FuseV1Options.RunAsNode, FuseState.DISABLE],
  [FuseV1Options.EnableCookieEncryption, FuseState.ENABLE],
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable, FuseState.DISABLE],
  [FuseV1Options.EnableNodeCliInspectArguments, FuseState.DISABLE],
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, FuseState.ENABLE],
  [FuseV1Options.OnlyLoadAppFromAsar, FuseState.ENABLE],
  [FuseV1Options.GrantFileProtocolExtraPrivileges, FuseState.DISABLE],
];

/** The packed app's Electron binary for this platform, if `npm run dist` has built one. */
function packedBinary(): string | null {
  const candidates = [
    path.join(projectRoot, 'release', 'linux-unpacked', 'dealerdesk'),
    path.join(projectRoot, 'release', 'win-unpacked', 'DealerDesk.exe'),
    path.join(projectRoot, 'release', 'mac', 'DealerDesk.app', 'Contents', 'MacOS', 'DealerDesk'),
    path.join(
      projectRoot,
      'release',
      'mac-arm64',
      'DealerDesk.app',
      'Contents',
      'MacOS',
      'DealerDesk',
    ),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('electron-builder.config.cjs', () => {
  it('is a configuration electron-builder accepts', async () => {
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config');
    const { DebugLogger } = await import('builder-util');
    await expect(
      validateConfiguration(loadConfig(), new DebugLogger(false)),
    ).resolves.toBeUndefined();
  }, 60_000);

  it('sets the security fuses', () => {
    expect(loadConfig().electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes a generic feed and verifies the Windows publisher of updates', () => {
    const config = loadConfig();
    expect(config.publish).toMatchObject({ provider: 'generic' });
    expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    expect(config.win?.signtoolOptions?.publisherName).toEqual(['DealerDesk']);
    expect(config.mac?.target).toContain('zip');
  });

  it('forces code signing exactly when release signing variables are set', () => {
    vi.stubEnv('CSC_LINK', '');
    vi.stubEnv('WIN_CSC_LINK', '');
    vi.stubEnv('CSC_NAME', '');
    vi.stubEnv('APPLE_ID', '');
    expect(loadConfig().forceCodeSigning).toBe(false);
    expect(loadConfig().mac?.notarize).toBe(false);
    vi.stubEnv('WIN_CSC_LINK', 'certificate.p12');
    expect(loadConfig().forceCodeSigning).toBe(true);
    vi.stubEnv('WIN_CSC_LINK', '');
    vi.stubEnv('APPLE_ID', 'release@dealerdesk.example');
    expect(loadConfig().forceCodeSigning).toBe(true);
    expect(loadConfig().mac?.notarize).toBe(true);
  });
});

const binary = packedBinary();
const NO_PACKED_APP =
  'no packed app in release/ (npm run dist needs the Electron binary, which cannot be downloaded here)';
if (binary === null) console.warn(`[fuses] packed-app check skipped: ${NO_PACKED_APP}`);

describe.skipIf(binary === null)(`the packed app's fuses (${binary ?? NO_PACKED_APP})`, () => {
  it('are flipped as configured', async () => {
    const wire = await getCurrentFuseWire(binary ?? '');
    for (const [option, expected] of EXPECTED_FUSES) {
      expect(wire[option], FuseV1Options[option]).toBe(expected);
    }
  });
});
