// What an export contains, independent of the file format: the team board's rows (exactly those of
// teamBoardRows, in the board's order) turned into localized cells under the board's own column
// labels, plus the lines printed above the table. Built on the main thread (it needs i18next and
// the team's names) and handed to the worker, which only writes the file.

import { formatPhone } from '../../shared/domain/phone';
import type { ExportBucket, ExportFilter, ExportFormat } from '../../shared/sync/export-protocol';
import type { TeamMember } from '../../shared/sync/protocol';
import type { TeamBoardRow } from '../db/team-board-queries';

/** The subset of i18next's t() the export needs (tests pass a real i18next instance's). */
export type Translate = (key: string, options?: Record<string, string | number>) => string;

export type ExportColumnKey =
  | 'dueAt'
  | 'bucket'
  | 'customer'
  | 'phone'
  | 'owner'
  | 'status'
  | 'grade'
  | 'intent'
  | 'source'
  | 'channel'
  | 'purpose';

export type ExportColumn = {
  key: ExportColumnKey;
  header: string;
  /** date: the cell holds an ISO instant (or null); each format writes it as local time. */
  kind: 'date' | 'text';
  /** Width in the PDF, in points; '*' shares what is left. */
  pdfWidth: number | '*';
};

export type ExportCell = string | null;

export type ExportDocument = {
  columns: ExportColumn[];
  rows: ExportCell[][];
  /** Per row: past due beyond the threshold, shaded red as on the board. */
  escalated: boolean[];
  /** 跟进清单: the PDF's title, the sheet's name, the file's base name. */
  title: string;
  /** Printed under the title (dealership, filters, when, how many). */
  details: string[];
  /** 导出信息: the spreadsheet's second sheet, which holds the details. */
  aboutTitle: string;
  /** "第 {page} / {pages} 页": the tokens are filled on each page (fillPageLabel). */
  pageLabel: string;
  /** The showroom's IANA time zone: every date is written as its wall-clock time. */
  timeZone: string;
};

/** The columns in the board's order; the board's status cell (status, grade, intent) is split. */
const COLUMNS: ReadonlyArray<Omit<ExportColumn, 'header'> & { label: string }> = [
  { key: 'dueAt', label: 'teamBoard.list.dueAt', kind: 'date', pdfWidth: 66 },
  { key: 'bucket', label: 'exports.columns.bucket', kind: 'text', pdfWidth: 52 },
  { key: 'customer', label: 'teamBoard.list.customer', kind: 'text', pdfWidth: 84 },
  { key: 'phone', label: 'exports.columns.phone', kind: 'text', pdfWidth: 68 },
  { key: 'owner', label: 'teamBoard.list.owner', kind: 'text', pdfWidth: 50 },
  { key: 'status', label: 'teamBoard.list.status', kind: 'text', pdfWidth: 56 },
  { key: 'grade', label: 'teamBoard.filters.grade', kind: 'text', pdfWidth: 52 },
  { key: 'intent', label: 'teamBoard.filters.intent', kind: 'text', pdfWidth: 78 },
  { key: 'source', label: 'teamBoard.filters.source', kind: 'text', pdfWidth: 56 },
  { key: 'channel', label: 'teamBoard.list.channel', kind: 'text', pdfWidth: 56 },
  { key: 'purpose', label: 'teamBoard.list.purpose', kind: 'text', pdfWidth: '*' },
];

export function exportColumns(t: Translate): ExportColumn[] {
  return COLUMNS.map(({ label, ...column }) => ({ ...column, header: t(label) }));
}

/** The bucket as the board names it; an escalated row says so. */
function bucketText(row: TeamBoardRow, t: Translate): string {
  const bucket: ExportBucket = row.escalated ? 'escalated' : row.bucket;
  return t(`teamBoard.summary.${bucket}`);
}

export function exportCells(row: TeamBoardRow, t: Translate): ExportCell[] {
  const purpose = row.purpose
    ? t(`followUps.systemPurposes.${row.purpose}`, { defaultValue: row.purpose })
    : '';
  const cells: Record<ExportColumnKey, ExportCell> = {
    dueAt: row.dueAt,
    bucket: bucketText(row, t),
    customer: row.customerName,
    phone: formatPhone(row.phone),
    owner: row.ownerName,
    status: t(`enum.status.${row.status}`),
    grade: t(`enum.grade.${row.grade}`),
    intent: row.intent ? t(`enum.intent.${row.intent}`) : '',
    source: t(`enum.source.${row.source}`),
    channel: row.channel ? t(`followUps.channels.${row.channel}`) : '',
    purpose,
  };
  return COLUMNS.map((column) => cells[column.key]);
}

// --- time --------------------------------------------------------------------------------------

export type WallClock = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local date and time of an instant in a time zone (the showroom's, not the runner's). */
export function wallClock(iso: string, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(iso))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** "2026-11-24 10:00" in the time zone: how CSV and PDF print a due time. */
export function formatWallClock(iso: string, timeZone: string): string {
  const c = wallClock(iso, timeZone);
  return `${c.year}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}`;
}

/** "2026-11-24" in the time zone. */
export function formatWallDate(iso: string, timeZone: string): string {
  const c = wallClock(iso, timeZone);
  return `${c.year}-${pad(c.month)}-${pad(c.day)}`;
}

// --- the filter, in words ------------------------------------------------------------------------

/**
 * The filters as one line, e.g. "顾问：李娜 · 客户级别：A 级 · 到期日期：2026-10-25 至 2026-12-01".
 * Printed on the PDF and shown in the admin's export log. Consultants and dates are always named;
 * grade, intent, source and bucket only when they narrow the list. The range's end is exclusive
 * (the start of the day after the last one), so the last whole day shown is the one before it.
 */
export function describeFilter(
  filter: ExportFilter,
  team: readonly Pick<TeamMember, 'id' | 'name'>[],
  t: Translate,
  timeZone: string,
): string {
  const names = new Map(team.map((member) => [member.id, member.name]));
  const list = (values: readonly string[], name: (value: string) => string) =>
    values.length === 0 ? t('exports.filter.all') : values.map(name).join(t('exports.filter.list'));
  const lastDay = new Date(Date.parse(filter.range.to) - 1).toISOString();
  const label = (key: string, value: string) => t('exports.filter.part', { label: t(key), value });
  const parts = [
    label(
      'teamBoard.filters.consultant',
      list(filter.ownerIds, (id) => names.get(id) ?? id.slice(0, 8)),
    ),
  ];
  if (filter.grades.length > 0)
    parts.push(
      label(
        'teamBoard.filters.grade',
        list(filter.grades, (grade) => t(`enum.grade.${grade}`)),
      ),
    );
  if (filter.intents.length > 0)
    parts.push(
      label(
        'teamBoard.filters.intent',
        list(filter.intents, (level) => t(`enum.intent.${level}`)),
      ),
    );
  if (filter.sources.length > 0)
    parts.push(
      label(
        'teamBoard.filters.source',
        list(filter.sources, (source) => t(`enum.source.${source}`)),
      ),
    );
  parts.push(
    label(
      'teamBoard.filters.dueRange',
      t('exports.filter.range', {
        from: formatWallDate(filter.range.from, timeZone),
        to: formatWallDate(lastDay, timeZone),
      }),
    ),
  );
  if (filter.bucket)
    parts.push(label('exports.columns.bucket', t(`teamBoard.summary.${filter.bucket}`)));
  return parts.join(t('exports.filter.separator'));
}

// --- the whole document --------------------------------------------------------------------------

export type ExportContext = {
  rows: readonly TeamBoardRow[];
  filter: ExportFilter;
  team: readonly Pick<TeamMember, 'id' | 'name'>[];
  dealershipName: string;
  exportedBy: string;
  exportedAt: Date;
  timeZone: string;
};

/**
 * t() remembered per key: a row's labels come from a handful of keys, and calling i18next 100,000
 * times for 10,000 rows takes the main thread long enough to be felt. Only calls without options
 * or with a defaultValue alone (a purpose: the key names it) are remembered.
 */
function rememberingTranslate(t: Translate): Translate {
  const remembered = new Map<string, string>();
  return (key, options) => {
    const names = options ? Object.keys(options) : [];
    if (names.some((name) => name !== 'defaultValue')) return t(key, options);
    let text = remembered.get(key);
    if (text === undefined) {
      text = t(key, options);
      remembered.set(key, text);
    }
    return text;
  };
}

export function buildExportDocument(context: ExportContext, translate: Translate): ExportDocument {
  const { timeZone } = context;
  const t = rememberingTranslate(translate);
  const at = context.exportedAt.toISOString();
  return {
    columns: exportColumns(t),
    rows: context.rows.map((row) => exportCells(row, t)),
    escalated: context.rows.map((row) => row.escalated),
    title: t('exports.title'),
    aboutTitle: t('exports.aboutSheet'),
    details: [
      t('exports.details.dealership', { name: context.dealershipName }),
      t('exports.details.filters', {
        filters: describeFilter(context.filter, context.team, t, timeZone),
      }),
      t('exports.details.printed', {
        at: formatWallClock(at, timeZone),
        by: context.exportedBy,
        count: context.rows.length,
      }),
    ],
    pageLabel: t('exports.details.page', { page: PAGE_TOKEN, pages: PAGES_TOKEN }),
    timeZone,
  };
}

export const PAGE_TOKEN = '{page}';
export const PAGES_TOKEN = '{pages}';

export function fillPageLabel(label: string, page: number, pages: number): string {
  return label.replace(PAGE_TOKEN, String(page)).replace(PAGES_TOKEN, String(pages));
}

const EXTENSIONS: Record<ExportFormat, string> = { xlsx: 'xlsx', csv: 'csv', pdf: 'pdf' };

/** "跟进清单-20261124-0930.xlsx": the title and the local time; a plain name, no path. */
export function exportFileName(
  title: string,
  format: ExportFormat,
  at: Date,
  timeZone: string,
): string {
  const c = wallClock(at.toISOString(), timeZone);
  const stamp = `${c.year}${pad(c.month)}${pad(c.day)}-${pad(c.hour)}${pad(c.minute)}`;
  return `${title.replace(/[\\/:*?"<>|]/g, '_')}-${stamp}.${EXTENSIONS[format]}`;
}
