// The import bench page: a registration sheet of N lines as offices make them (UTF-8 CSV with
// BOM, a title row, phones in several spellings, some invalid and repeated), imported with the
// app's own code in this browser's real IndexedDB, and the same rows bulkPut raw as the floor.

import { AppDB } from '../../renderer/db/AppDB';
import { testKeySource } from '../../renderer/test-support/test-keys';
import {
  applyImport,
  IMPORT_CHUNK,
  planAgainstDatabase,
  undoImport,
} from '../../renderer/db/import-repo';
import { ensureProfile, writeContextFor } from '../../renderer/db/profile-repo';
import { openImportFile } from '../../shared/import/read-file';
import type { ImportBenchApi } from './import-bench-api';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['伟', '娜', '敏', '静', '磊', '洋', '杰', '芳', '军', '丽', '强', '婷'];
const MODELS = ['汉EV', '唐DM-i', '宋PLUS', '海豹', '元PLUS', '海豚'];
const SOURCES = ['车展', '展会', '车展现场', '到店', '转介绍'];

/** A deterministic sheet: about 1% invalid phones and 1% repeated customers, like real lists. */
function registrationCsv(rows: number): string {
  const lines = [
    '2026广州国际车展 客户登记表,,,,,,',
    '序号,客户姓名,联系电话,意向车型,客户来源,登记时间,性别,备注',
  ];
  for (let n = 0; n < rows; n += 1) {
    const digits = String(13_800_000_000 + (n % 100 === 99 ? n - 1 : n) * 7);
    const phone =
      n % 100 === 42
        ? digits.slice(0, 10)
        : n % 3 === 0
          ? `+86 ${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`
          : n % 3 === 1
            ? `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`
            : digits;
    const name = `${SURNAMES[n % SURNAMES.length] ?? '王'}${GIVEN[n % GIVEN.length] ?? '伟'}`;
    lines.push(
      [
        n + 1,
        name,
        phone,
        MODELS[n % MODELS.length],
        SOURCES[n % SOURCES.length],
        `2026/11/${1 + (n % 28)} ${8 + (n % 10)}:30`,
        n % 2 === 0 ? '先生' : '女士',
        n % 5 === 0 ? '想要白色' : '',
      ].join(','),
    );
  }
  lines.push(`合计,${rows} 人,,,,,,`);
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

let appDb: AppDB | null = null;
let lastBatch: string | null = null;

const api: ImportBenchApi = {
  async importApp(rows) {
    const db = new AppDB('bench-import-app', testKeySource);
    await db.delete();
    await db.open();
    appDb = db;
    const profile = await ensureProfile(db);
    const ctx = writeContextFor(db, profile);
    const bytes = new TextEncoder().encode(registrationCsv(rows));
    const started = performance.now();
    const file = await openImportFile(bytes, 'registration.csv');
    const plan = await planAgainstDatabase(db, {
      grid: file.grid(),
      importer: { id: profile.userId, role: 'consultant' },
    });
    const planned = performance.now();
    const summary = await applyImport(ctx, plan, {
      fileName: 'registration.csv',
      importName: plan.title ?? 'registration',
      onProgress: ({ done, total }) => {
        if (done % 5_000 === 0 || done === total) console.log(`[bench] imported ${done}/${total}`);
      },
    });
    const applied = performance.now();
    lastBatch = summary.id;
    return {
      rows,
      fileBytes: bytes.length,
      planMs: planned - started,
      applyMs: applied - planned,
      created: summary.counts.created,
      invalid: summary.counts.invalid,
      duplicate: summary.counts.duplicate,
      customers: await db.customers.count(),
      followUps: await db.followUps.count(),
      timeline: await db.timeline.count(),
      outbox: await db.outbox.count(),
    };
  },

  async bulkPutFloor() {
    if (!appDb) throw new Error('importApp first');
    const customers = await appDb.customers.toArray();
    const followUps = await appDb.followUps.toArray();
    const timeline = await appDb.timeline.toArray();
    const floor = new AppDB('bench-import-floor', testKeySource);
    await floor.delete();
    await floor.open();
    const started = performance.now();
    // Same chunks as the import: one transaction per IMPORT_CHUNK cards with their rows.
    for (let start = 0; start < customers.length; start += IMPORT_CHUNK) {
      const end = start + IMPORT_CHUNK;
      await floor.transaction(
        'rw',
        [floor.customers, floor.followUps, floor.timeline],
        async () => {
          await floor.customers.bulkPut(customers.slice(start, end));
          await floor.followUps.bulkPut(followUps.slice(start, end));
          await floor.timeline.bulkPut(timeline.slice(start, end));
        },
      );
    }
    const bulkPutMs = performance.now() - started;
    floor.close();
    return { rows: customers.length + followUps.length + timeline.length, bulkPutMs };
  },

  async undoApp() {
    if (!appDb || !lastBatch) throw new Error('importApp first');
    const profile = await ensureProfile(appDb);
    const started = performance.now();
    const result = await undoImport(writeContextFor(appDb, profile), lastBatch);
    return { undoMs: performance.now() - started, withdrawn: result.withdrawn };
  },
};

window.dealerImportBench = api;
