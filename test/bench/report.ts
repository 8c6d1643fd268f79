// Turns the measured figures into the printed report. Kept apart from run.ts so the numbers in the
// JSON and the numbers on screen come from one BenchReport and can never disagree.

import type {
  AppLoadResult,
  Comparison,
  GenerateResult,
  ProjectionResult,
  RawLoadResult,
  StorageResult,
} from './bench-api';

export type MachineInfo = {
  cpuCores: number;
  cpuModel: string;
  totalMemoryBytes: number;
  os: string;
  node: string;
  chromium: string;
  chromiumPath: string;
  userAgent: string;
  timeZone: string;
  /** 1/5/15-minute load averages; on a shared machine they say how noisy the numbers are. */
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
};

export type HeapFigures = {
  baselineBytes: number;
  rawLoadPeakBytes: number;
  appLoadPeakBytes: number;
  afterAppLoadBytes: number;
  holdingListIdsBytes: number;
  listIdsHeld: number;
  /** After GC with the list projection dropped, then built (its weight is the difference). */
  withoutProjectionBytes: number;
  withProjectionBytes: number;
};

export type BenchReport = {
  startedAt: string;
  finishedAt: string;
  customers: number;
  runs: number;
  machine: MachineInfo;
  load: { generate: GenerateResult; raw: RawLoadResult; app: AppLoadResult };
  comparisons: Comparison[];
  heap: HeapFigures;
  /** The projection's build from the database (unlock to first list). */
  projection: ProjectionResult;
  /** The next unlock: the projection restored from its stored snapshot. */
  projectionRestore: ProjectionResult & { saveMs: number; snapshotBytes: number };
  storage: { raw: StorageResult; app: StorageResult };
};

type Align = 'left' | 'right';

/** Plain aligned columns: readable in a terminal and in a pasted log, unlike console.table. */
export function formatTable(headers: string[], rows: string[][], align: Align[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? cell.length;
        return align[column] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(headers), rule, ...rows.map(line)].map((text) => `  ${text}`).join('\n');
}

export function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function ratio(app: number, floor: number): string {
  if (floor <= 0) return 'n/a';
  const value = app / floor;
  return value >= 10 ? `${value.toFixed(1)}×` : `${value.toFixed(2)}×`;
}

export function bytes(value: number): string {
  if (value >= 1024 ** 3) return `${(value / 1024 ** 3).toFixed(2)} GiB`;
  if (value >= 1024 ** 2) return `${(value / 1024 ** 2).toFixed(1)} MiB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${value} B`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function perSecond(rows: number, milliseconds: number): string {
  return milliseconds > 0 ? count(Math.round((rows * 1000) / milliseconds)) : 'n/a';
}

function loadTable(report: BenchReport): string {
  const { generate, raw, app } = report.load;
  const rows = raw.customers + raw.followUps;
  const appRecords = app.customers + app.followUps + app.timeline + app.outbox;
  // loadSampleShowroom generates inside its own timing; the separate generate run estimates it.
  const appWithoutGenerate = Math.max(0, app.totalMs - generate.ms);
  return formatTable(
    ['what', 'time', 'cust+f/u rows/s', 'vs floor', 'records written'],
    [
      ['generateShowroom alone (JS, no IndexedDB)', ms(generate.ms), '', '', ''],
      [
        'raw floor: generate + bulkPut',
        ms(raw.totalMs),
        perSecond(rows, raw.totalMs),
        '1.00×',
        count(rows),
      ],
      ['raw floor: bulkPut only', ms(raw.putMs), perSecond(rows, raw.putMs), '', count(rows)],
      [
        'write path: loadSampleShowroom',
        ms(app.totalMs),
        perSecond(app.customers + app.followUps, app.totalMs),
        ratio(app.totalMs, raw.totalMs),
        count(appRecords),
      ],
      [
        'write path minus generate (estimate)',
        ms(appWithoutGenerate),
        perSecond(app.customers + app.followUps, appWithoutGenerate),
        ratio(appWithoutGenerate, raw.putMs),
        '',
      ],
    ],
    ['left', 'right', 'right', 'right', 'right'],
  );
}

function comparisonTable(comparisons: Comparison[]): string {
  return formatTable(
    [
      'scenario',
      'app function',
      'result',
      'app median',
      'app min–max',
      'app 1st',
      'floor median',
      'app/floor',
      'same',
    ],
    comparisons.map((comparison) => [
      comparison.name,
      comparison.app,
      comparison.detail ?? count(comparison.resultSize),
      ms(comparison.appTiming.medianMs),
      `${ms(comparison.appTiming.minMs)}–${ms(comparison.appTiming.maxMs)}`,
      ms(comparison.appTiming.firstMs),
      ms(comparison.floorTiming.medianMs),
      ratio(comparison.appTiming.medianMs, comparison.floorTiming.medianMs),
      sameLabel(comparison),
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
}

function sameLabel(comparison: Comparison): string {
  if (!comparison.sameResult) return 'DIFFERENT';
  if (comparison.sameOrder === false) return 'yes, order differs';
  return 'yes';
}

function floorLegend(comparisons: Comparison[]): string {
  const floors = new Map<string, string>();
  for (const comparison of comparisons) floors.set(comparison.app, comparison.floor);
  return [...floors].map(([app, floor]) => `  floor for ${app}: ${floor}`).join('\n');
}

function memoryTable(report: BenchReport): string {
  const { heap, storage } = report;
  const perCustomer = (value: number | null) =>
    value === null || report.load.app.customers === 0
      ? ''
      : `${bytes(value / report.load.app.customers)} / customer`;
  const rawIdb = storage.raw.indexedDbBytes ?? storage.raw.usageBytes;
  const appIdb = storage.app.indexedDbBytes ?? storage.app.usageBytes;
  return formatTable(
    ['what', 'size', 'note'],
    [
      ['JS heap, page loaded (after GC)', bytes(heap.baselineBytes), ''],
      ['JS heap peak during raw floor load', bytes(heap.rawLoadPeakBytes), 'sampled every 250 ms'],
      ['JS heap peak during write-path load', bytes(heap.appLoadPeakBytes), 'sampled every 250 ms'],
      ['JS heap after write-path load (after GC)', bytes(heap.afterAppLoadBytes), ''],
      [
        'JS heap holding the list ids (after GC)',
        bytes(heap.holdingListIdsBytes),
        `${count(heap.listIdsHeld)} ids, +${bytes(Math.max(0, heap.holdingListIdsBytes - heap.afterAppLoadBytes))}`,
      ],
      [
        'JS heap of the list projection (after GC)',
        bytes(Math.max(0, heap.withProjectionBytes - heap.withoutProjectionBytes)),
        `${count(report.projection.customers)} cards + ${count(report.projection.planned)} planned follow-ups, built in ${report.projection.ms.toFixed(0)} ms (reading ${report.projection.readMs.toFixed(0)} ms)`,
      ],
      [
        'Unlock to first screen, built from the rows',
        `${report.projection.firstScreenMs.toFixed(0)} ms`,
        `reading ${report.projection.readMs.toFixed(0)} ms`,
      ],
      [
        'Unlock to first screen, from the stored snapshot',
        `${report.projectionRestore.firstScreenMs.toFixed(0)} ms`,
        `${ratio(report.projectionRestore.firstScreenMs, report.projection.firstScreenMs)} the build; snapshot ${bytes(report.projectionRestore.snapshotBytes)} sealed, stored in ${report.projectionRestore.saveMs.toFixed(0)} ms (${report.projectionRestore.from ?? '?'})`,
      ],
      ['IndexedDB, raw floor (customers + follow-ups)', bytes(rawIdb), perCustomer(rawIdb)],
      [
        'IndexedDB, app (+ clocks, timeline, outbox)',
        bytes(appIdb),
        `${perCustomer(appIdb)}, ${ratio(appIdb, rawIdb)} the floor`,
      ],
    ],
    ['left', 'right', 'left'],
  );
}

/** The whole printed report; the section numbers follow the benchmark's scenarios. */
export function formatReport(report: BenchReport): string {
  const { machine } = report;
  const sections = (name: string) => report.comparisons.filter((c) => c.section === name);
  const header = [
    `DealerDesk data-layer benchmark — ${count(report.customers)} customers, median of ${report.runs} runs (+1 warm-up)`,
    `  machine: ${machine.cpuCores} cores (${machine.cpuModel}), ${bytes(machine.totalMemoryBytes)} RAM, ${machine.os}`,
    `  browser: ${machine.chromium} (${machine.chromiumPath}), on-disk IndexedDB, tz ${machine.timeZone}`,
    `  node ${machine.node}; load average at start ${machine.loadAverageAtStart.map((v) => v.toFixed(2)).join(' ')}, at end ${machine.loadAverageAtEnd.map((v) => v.toFixed(2)).join(' ')}`,
    `  ratios are app ÷ floor: above 1 the app is slower than the floor, below 1 faster.`,
  ].join('\n');
  // A section left out by BENCH_SECTIONS is left out of the report too.
  const querySection = (title: string, name: string) =>
    sections(name).length === 0
      ? []
      : [`${title}\n${comparisonTable(sections(name))}\n${floorLegend(sections(name))}`];
  const blocks = [
    header,
    `1. Load ${count(report.load.app.customers)} customers + ${count(report.load.app.followUps)} follow-ups\n${loadTable(report)}`,
    ...querySection('2. Customer list queries', 'customer list'),
    ...querySection('3. One screen of rows', 'one screen'),
    ...querySection('4. Follow-up views', 'follow-ups'),
    ...querySection('5. Dashboard', 'dashboard'),
    `6. Memory and storage\n${memoryTable(report)}`,
  ];
  return blocks.join('\n\n');
}
