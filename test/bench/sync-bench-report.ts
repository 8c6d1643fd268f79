// Turns the sync benchmark's measurements into its printed (and saved) report: one Markdown table
// per backend, readable in a terminal as it is. Kept apart from sync-bench.ts so the JSON and the
// text always come from the same SyncBenchReport.

import { bytes, ms, ratio } from './report';

export type SyncMachineInfo = {
  cpuCores: number;
  cpuModel: string;
  totalMemoryBytes: number;
  os: string;
  node: string;
  pglite: string;
  /** 1/5/15-minute load averages; on a shared machine they say how noisy the numbers are. */
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
};

/** The server's SQL statements during a phase, and the time it spent awaiting them. */
export type SqlFigures = { statements: number; ms: number };

/** One kind of push: every batch's round trip (request sent → acks parsed). */
export type PushFigures = {
  mutations: number;
  batchMs: number[];
  /** Wall time of the whole sequence of batches (one after the other, like a client). */
  totalMs: number;
  sql: SqlFigures;
};

export type PullFigures = {
  runs: number;
  /** Changes in one complete first sync. */
  rows: number;
  pages: number;
  /** Response body bytes of one complete first sync. */
  bytes: number;
  /** The same bodies gzipped (what response compression would send). */
  gzipBytes: number;
  /** One total per run. */
  runMs: number[];
  /** Every page of every run (request sent → JSON parsed). */
  pageMs: number[];
  /** Of the median run. */
  sql: SqlFigures;
};

export type FloorFigures = {
  /** One SELECT of every row of the dealership in seq order, per run. */
  oneQueryMs: number[];
  /** The same rows as keyset pages of the pull's size, per run. */
  pagedMs: number[];
};

export type PokeFigures = {
  label: string;
  /** Push sent → `event: poke` read from the manager's stream. */
  latencyMs: number[];
  /** Push sent → push answered (the poke may arrive before or after). */
  pushMs: number[];
};

export type MemorySample = {
  phase: string;
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
};

export type BackendFigures = {
  backend: 'pglite' | 'postgres';
  /** e.g. "PGlite 0.5.16 (PostgreSQL 17.5), in memory". */
  database: string;
  customers: number;
  records: { customers: number; followUps: number; timeline: number; conflicts: number };
  push: PushFigures;
  replay: PushFigures;
  concurrentEdits: PushFigures & { conflictRows: number };
  pull: PullFigures;
  floor: FloorFigures;
  pokes: PokeFigures[];
  memory: MemorySample[];
  peakRssBytes: number;
  durationMs: number;
};

export type SkippedBackend = { backend: 'pglite' | 'postgres'; skipped: string };

export type SyncBenchReport = {
  startedAt: string;
  finishedAt: string;
  customers: number;
  batchSize: number;
  pullLimit: number;
  runs: number;
  machine: SyncMachineInfo;
  backends: (BackendFigures | SkippedBackend)[];
};

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p95 of 30 samples is the 29th smallest). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function perSecond(items: number, milliseconds: number): string {
  return milliseconds > 0 ? count(Math.round((items * 1000) / milliseconds)) : 'n/a';
}

type Align = 'left' | 'right';

/** A Markdown table padded into columns, so the same text reads well on screen and in a file. */
export function markdownTable(headers: string[], rows: string[][], align: Align[]): string {
  const widths = headers.map((header, column) =>
    Math.max(3, header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const pad = (cell: string, column: number) => {
    const width = widths[column] ?? cell.length;
    return align[column] === 'right' ? cell.padStart(width) : cell.padEnd(width);
  };
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `| ${widths
    .map((width, column) =>
      align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
    )
    .join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)} %` : 'n/a';
}

function pushRow(name: string, figures: PushFigures, note: string): string[] {
  return [
    name,
    `${count(figures.mutations)} mutations`,
    ms(figures.totalMs),
    `${perSecond(figures.mutations, figures.totalMs)} mut/s`,
    ms(median(figures.batchMs)),
    ms(percentile(figures.batchMs, 95)),
    '',
    `${(figures.sql.statements / figures.mutations).toFixed(1)} / mutation`,
    share(figures.sql.ms, figures.totalMs),
    note,
  ];
}

function throughputTable(figures: BackendFigures, report: SyncBenchReport): string {
  const { pull, floor } = figures;
  const pullMs = median(pull.runMs);
  const oneQueryMs = median(floor.oneQueryMs);
  const pagedMs = median(floor.pagedMs);
  const batches = Math.ceil(figures.push.mutations / report.batchSize);
  return markdownTable(
    [
      'scenario',
      'size',
      'total',
      'throughput',
      'median',
      'p95',
      'app/floor',
      'SQL statements',
      'time in SQL',
      'note',
    ],
    [
      pushRow(
        'push new rows',
        figures.push,
        `${batches} batches of ${report.batchSize}; median/p95 per batch`,
      ),
      pushRow('push replayed (same batches)', figures.replay, 'idempotent path: stored acks'),
      pushRow(
        'push concurrent edits (stale base)',
        figures.concurrentEdits,
        `manager edits notes; ${count(figures.concurrentEdits.conflictRows)} conflict rows made`,
      ),
      [
        'pull first sync (manager, cursor 0)',
        `${count(pull.rows)} rows`,
        ms(pullMs),
        `${perSecond(pull.rows, pullMs)} rows/s`,
        ms(median(pull.pageMs)),
        ms(percentile(pull.pageMs, 95)),
        ratio(pullMs, oneQueryMs),
        `${(pull.sql.statements / Math.max(1, pull.pages)).toFixed(1)} / page`,
        share(pull.sql.ms, pullMs),
        `${pull.pages} pages of ${report.pullLimit}, ${bytes(pull.bytes)} of JSON (${bytes(pull.gzipBytes)} gzipped); median/p95 per page`,
      ],
      [
        'floor: one SQL query of the same rows',
        `${count(pull.rows)} rows`,
        ms(oneQueryMs),
        `${perSecond(pull.rows, oneQueryMs)} rows/s`,
        '',
        '',
        '1.00×',
        '1',
        '100 %',
        'SELECT … FROM records WHERE dealership_id ORDER BY seq, same driver',
      ],
      [
        'floor: keyset pages in SQL',
        `${count(pull.rows)} rows`,
        ms(pagedMs),
        `${perSecond(pull.rows, pagedMs)} rows/s`,
        '',
        '',
        ratio(pagedMs, oneQueryMs),
        '1 / page',
        '100 %',
        `pull ÷ this = ${ratio(pullMs, pagedMs)} (HTTP, auth, JSON, count)`,
      ],
    ],
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
}

function pokeTable(figures: BackendFigures): string {
  return markdownTable(
    ['poke latency', 'pushes', 'median', 'p95', 'max', 'push answered (median)'],
    figures.pokes.map((poke) => [
      poke.label,
      count(poke.latencyMs.length),
      ms(median(poke.latencyMs)),
      ms(percentile(poke.latencyMs, 95)),
      ms(Math.max(...poke.latencyMs)),
      ms(median(poke.pushMs)),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right'],
  );
}

function memoryTable(figures: BackendFigures): string {
  const first = figures.memory[0];
  return markdownTable(
    ['process memory (after GC)', 'RSS', 'JS heap used', 'external', 'RSS vs start'],
    [
      ...figures.memory.map((sample) => [
        sample.phase,
        bytes(sample.rssBytes),
        bytes(sample.heapUsedBytes),
        bytes(sample.externalBytes),
        first
          ? `${sample.rssBytes >= first.rssBytes ? '+' : '-'}${bytes(Math.abs(sample.rssBytes - first.rssBytes))}`
          : '',
      ]),
      ['peak RSS (sampled every 100 ms)', bytes(figures.peakRssBytes), '', '', ''],
    ],
    ['left', 'right', 'right', 'right', 'right'],
  );
}

function backendSection(entry: BackendFigures | SkippedBackend, report: SyncBenchReport): string {
  const title = entry.backend === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL';
  if ('skipped' in entry) return `## ${title}\n\n${entry.skipped}`;
  const { records } = entry;
  return [
    `## ${title}: ${entry.database}`,
    `${count(entry.customers)} customers of one consultant (${count(records.customers)} customers, ${count(records.followUps)} follow-ups, ${count(records.timeline)} timeline rows, ${count(records.conflicts)} conflicts on the server); the whole backend run took ${ms(entry.durationMs)}.`,
    throughputTable(entry, report),
    pokeTable(entry),
    memoryTable(entry),
  ].join('\n\n');
}

export function formatSyncReport(report: SyncBenchReport): string {
  const { machine } = report;
  const header = [
    `# DealerDesk sync server benchmark — ${count(report.customers)} customers`,
    [
      `- machine: ${machine.cpuCores} cores (${machine.cpuModel}), ${bytes(machine.totalMemoryBytes)} RAM, ${machine.os}`,
      `- node ${machine.node}, PGlite ${machine.pglite}; load average at start ${machine.loadAverageAtStart.map((v) => v.toFixed(2)).join(' ')}, at end ${machine.loadAverageAtEnd.map((v) => v.toFixed(2)).join(' ')}`,
      `- started ${report.startedAt}, finished ${report.finishedAt}; pull and floor: median of ${report.runs} runs`,
      `- server, database and HTTP clients share one process (the server runs in-process), so memory figures include the benchmark's own data.`,
      `- app/floor: the pull's time ÷ one SQL query of the same rows through the same driver; above 1 the server is slower than the floor. Nothing here passes or fails on time.`,
      `- time in SQL: the share of the phase the server spent awaiting its own statements (counted by a meter around its database); the rest is HTTP, validation, merging and JSON.`,
    ].join('\n'),
  ].join('\n\n');
  return [header, ...report.backends.map((entry) => backendSection(entry, report))].join('\n\n');
}
