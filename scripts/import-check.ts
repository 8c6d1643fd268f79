// npm run --silent import:check -- FILE [--sheet NAME] [--json] [--encoding gb18030|big5|utf-8]
//                                       [--header-row N] [--lang zh-CN|en] [--existing CARDS.json]
//                                       [--reason-keys]
//
// Prints what importing FILE would do to every line, writing nothing: a table by default, the
// JSON contract of README "Import" with --json. Without --existing there are no existing cards,
// so duplicates are found within the file only; CARDS.json is an array of
// { "id", "ownerId", "name"?, "phones": [...] } to check against (say, a customer export).
// Exit status: 0 planned, 1 the file cannot be imported (the reason on stderr), 2 bad arguments.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import i18next from 'i18next';
import { localDay } from '../shared/domain/dates';
import { normalizedPhones } from '../shared/domain/duplicates';
import { TEXT_ENCODINGS, type TextEncodingName } from '../shared/import/decode';
import type { ExistingCard } from '../shared/import/duplicates';
import { ImportError } from '../shared/import/import-error';
import { planImport } from '../shared/import/plan';
import { planReport } from '../shared/import/plan-report';
import { openImportFile } from '../shared/import/read-file';
import { renderImportMessage } from '../shared/import/reasons';
import { en } from '../renderer/i18n/en';
import { zhCN } from '../renderer/i18n/zh-CN';

const USAGE =
  'usage: npm run --silent import:check -- FILE [--sheet NAME] [--json] [--encoding ENC] [--header-row N] [--lang zh-CN|en] [--existing CARDS.json] [--reason-keys]';

const isEncoding = (value: string): value is TextEncodingName =>
  (TEXT_ENCODINGS as readonly string[]).includes(value);

type CardJson = { id: string; ownerId: string; name?: string; phones: string[] };

function readExisting(file: string): Map<string, ExistingCard[]> {
  const cards = JSON.parse(readFileSync(file, 'utf8')) as CardJson[];
  const byPhone = new Map<string, ExistingCard[]>();
  for (const card of cards) {
    for (const phone of normalizedPhones(card.phones)) {
      byPhone.set(phone, [
        ...(byPhone.get(phone) ?? []),
        { customerId: card.id, ownerId: card.ownerId, name: card.name },
      ]);
    }
  }
  return byPhone;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        sheet: { type: 'string' },
        json: { type: 'boolean', default: false },
        encoding: { type: 'string' },
        'header-row': { type: 'string' },
        lang: { type: 'string', default: 'zh-CN' },
        existing: { type: 'string' },
        'reason-keys': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  const [file] = positionals;
  const encoding = values.encoding;
  const headerRow = values['header-row'] === undefined ? undefined : Number(values['header-row']);
  if (
    !file ||
    positionals.length > 1 ||
    (encoding !== undefined && !isEncoding(encoding)) ||
    (headerRow !== undefined && !Number.isInteger(headerRow)) ||
    (values.lang !== 'zh-CN' && values.lang !== 'en')
  ) {
    console.error(USAGE);
    return 2;
  }
  await i18next.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: values.lang,
    interpolation: { escapeValue: false },
  });
  const t = (key: string, params?: Record<string, unknown>) => i18next.t(key, params ?? {});
  const render = (message: string) => renderImportMessage(message, t);

  try {
    const bytes = new Uint8Array(readFileSync(file));
    const opened = await openImportFile(bytes, path.basename(file), {
      encoding: encoding !== undefined && isEncoding(encoding) ? encoding : undefined,
    });
    if (
      values.sheet !== undefined &&
      opened.kind === 'xlsx' &&
      !opened.sheetNames.includes(values.sheet)
    ) {
      throw new ImportError('unknownSheet', { sheet: values.sheet });
    }
    const plan = planImport({
      grid: opened.grid(values.sheet ?? null),
      headerRow,
      // Existing cards are checked as a manager would see them: a match is a duplicate.
      importer: { id: 'import-check', role: 'manager' },
      existing: values.existing ? readExisting(values.existing) : undefined,
      importName: undefined,
      today: localDay(new Date()),
    });
    const report = planReport(
      plan,
      opened.encoding,
      values['reason-keys'] ? (reason) => reason : render,
    );
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    console.log(
      `${opened.fileName}  ${opened.encoding ?? ''}${plan.sheet ? `  [${plan.sheet}]` : ''}`,
    );
    console.log(`header: line ${plan.headerRow}${plan.title ? `  title: ${plan.title}` : ''}`);
    for (const [header, target] of Object.entries(report.mapping)) {
      console.log(
        `  ${header} → ${target === null ? t('importPlan.field.unmapped') : t(`importPlan.field.${target}`)}`,
      );
    }
    console.log('');
    const table = report.rows.map((row) => ({
      line: String(row.line),
      action: t(`importPlan.action.${row.action}`),
      name: row.customer?.name ?? '',
      phones: row.customer?.phones.join(' ') ?? '',
      reason: row.reason ?? '',
    }));
    const width = (key: keyof (typeof table)[number]) =>
      Math.max(...table.map((row) => displayWidth(row[key])), 0);
    const columns = (['line', 'action', 'name', 'phones'] as const).map((key) => ({
      key,
      width: width(key),
    }));
    for (const row of table) {
      console.log(
        [...columns.map(({ key, width: w }) => pad(row[key], w)), row.reason].join('  ').trimEnd(),
      );
    }
    console.log('');
    console.log(
      (['create', 'update', 'duplicate', 'invalid', 'skip'] as const)
        .map((action) => `${t(`importPlan.action.${action}`)} ${plan.counts[action]}`)
        .join(' · '),
    );
    return 0;
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(render(error.message));
      return 1;
    }
    throw error;
  }
}

/** A CJK character is two columns wide in a terminal. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\uffff]/.test(char) ? 2 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

process.exitCode = await main();
