// Runs the real CLI (tsx, as npm run import:check does) on the fixtures and checks the JSON
// contract documented in README "Import".

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string) => `shared/import/fixtures/${name}`;

type ReportRow = {
  line: number;
  action: string;
  reason?: string;
  duplicateOf?: number | string;
  customer?: Record<string, unknown>;
};

async function importCheck(...args: string[]) {
  return run('npx', ['tsx', 'scripts/import-check.ts', ...args], { cwd: root });
}

describe('import:check', () => {
  it('prints the plan of a GBK CSV as the JSON contract', async () => {
    const { stdout } = await importCheck(fixture('showroom-gbk.csv'), '--json');
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['encoding', 'sheet', 'headerRow', 'mapping', 'rows']);
    expect(report).toMatchObject({
      encoding: 'gb18030',
      sheet: null,
      headerRow: 2,
      mapping: {
        序号: 'ignore',
        客户姓名: 'name',
        联系电话: 'phones',
        意向车型: 'model',
        备注: 'notes',
      },
    });
    const rows = report.rows as ReportRow[];
    expect(rows.map((row) => [row.line, row.action])).toEqual([
      [1, 'skip'],
      [2, 'skip'],
      [3, 'create'],
      [4, 'create'],
      [5, 'create'],
      [6, 'create'],
      [7, 'invalid'],
      [8, 'create'],
      [9, 'skip'],
      [10, 'invalid'],
      [11, 'duplicate'],
      [12, 'skip'],
    ]);
    expect(rows[6]?.reason).toContain('科学计数法');
    expect(rows[9]?.reason).toBe('电话号码位数不对 1380013800');
    expect(rows[10]).toMatchObject({ duplicateOf: 3, reason: '与第 3 行电话号码相同' });
    expect(rows[5]?.customer).toMatchObject({
      name: '刘洋',
      phones: ['13800138003'],
      gender: 'male',
    });
    expect(rows[7]?.customer).toMatchObject({ phones: ['13800138005', '13900139005'] });
    const allowed = ['line', 'action', 'reason', 'duplicateOf', 'customer'];
    for (const row of rows)
      expect(Object.keys(row).filter((key) => !allowed.includes(key))).toEqual([]);
  }, 60_000);

  it('checks against existing cards when given them, in English', async () => {
    const cards = path.join(mkdtempSync(path.join(tmpdir(), 'import-check-')), 'cards.json');
    writeFileSync(
      cards,
      JSON.stringify([{ id: 'c-1', ownerId: 'u-1', name: '王伟', phones: ['+86 138 0013 8000'] }]),
    );
    const { stdout } = await importCheck(
      fixture('showroom-utf8-bom.csv'),
      '--json',
      '--lang',
      'en',
      '--existing',
      cards,
    );
    const { rows } = JSON.parse(stdout) as { rows: ReportRow[] };
    expect(rows[2]).toMatchObject({
      action: 'duplicate',
      duplicateOf: 'c-1',
      reason: 'This customer already has a card (王伟)',
    });
  }, 60_000);

  it('prints a table by default, and a clear error for a file it cannot import', async () => {
    const { stdout } = await importCheck(fixture('showroom-big5.csv'));
    expect(stdout).toContain('big5');
    expect(stdout).toContain('陳志明');
    const failed: unknown = await importCheck(fixture('README.md')).catch(
      (error: unknown) => error,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('找不到表头');
  }, 60_000);
});
