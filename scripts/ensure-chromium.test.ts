import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../test/support/chromium';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dealerdesk-chromium-'));
const present = path.join(scratch, 'chromium');
writeFileSync(present, '');
const absent = path.join(scratch, 'absent');

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH, then the system browser, then Playwright’s own', () => {
    expect(
      findChromium({ env: { CHROMIUM_PATH: present }, systemPath: absent, playwrightPath: absent }),
    ).toEqual({ source: 'CHROMIUM_PATH', executablePath: present });
    expect(findChromium({ env: {}, systemPath: present, playwrightPath: absent })).toEqual({
      source: 'system',
      executablePath: present,
    });
    expect(findChromium({ env: {}, systemPath: absent, playwrightPath: present })).toEqual({
      source: 'playwright',
      executablePath: present,
    });
  });

  it('reports a missing browser instead of returning a path that does not exist', () => {
    expect(findChromium({ env: {}, systemPath: absent, playwrightPath: absent }).source).toBe(
      'missing',
    );
    const wrong = findChromium({ env: { CHROMIUM_PATH: absent }, systemPath: present });
    expect(wrong).toEqual({ source: 'missing', problem: expect.stringContaining(absent) });
  });
});

describe('scripts/ensure-chromium.ts', () => {
  it('stops with one message saying what to install', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-chromium.ts'], {
      env: { ...process.env, CHROMIUM_PATH: absent },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('apt-get install chromium');
    expect(lines[0]).toContain('npx playwright install chromium');
  }, 30_000);
});
