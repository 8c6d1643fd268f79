// One data line into a card, validated by the card form's own schema (customerFormSchema: the
// same lengths, phone rules, storable-text check and "event needs its name" rule as typing the
// card by hand). A line either becomes an ImportedCustomer or gets the first reason it cannot.

import { SOURCES_WITH_DETAIL, type CustomerSource } from '../domain/customer';
import { expectedDateForLevel, type IntentThresholds } from '../domain/intent';
import { EMPTY_CUSTOMER_FORM, customerFormSchema } from '../domain/schemas';
import type { ColumnMapping, ImportField } from './columns';
import { parseDateCell, wallDay, wallTimeToInstant } from './dates';
import {
  isPlainEnumWord,
  proposeEnumValue,
  type EnumField,
  type EnumFieldValues,
  type EnumMappings,
} from './enum-values';
import { cellText, columnLetter, type GridRow } from './grid';
import type { ImportedCustomer } from './imported-customer';
import { parsePhoneCell } from './phones';
import { importReason } from './reasons';

export type RowContext = {
  headers: readonly string[];
  mapping: ColumnMapping;
  enumMappings: EnumMappings;
  /** Today's local day (YYYY-MM-DD): what a 级别 is counted from. */
  today: string;
  intentThresholds: IntentThresholds;
  /** The import's name: the tag of every card, and the event/referral detail when none is given. */
  importName: string;
  /** Whether a mapped 顾问 column assigns owners (a manager's import). */
  ownerColumn: boolean;
};

export type BuiltRow =
  | { ok: true; customer: ImportedCustomer; ownerName: string | null }
  | { ok: false; reason: string };

const TEXT_FIELDS = [
  'name',
  'wechatId',
  'city',
  'district',
  'company',
  'sourceDetail',
  'brand',
  'model',
  'trim',
  'colour',
  'tradeIn',
  'competitors',
] as const satisfies readonly ImportField[];
type TextField = (typeof TEXT_FIELDS)[number];
const isTextField = (field: ImportField): field is TextField =>
  (TEXT_FIELDS as readonly ImportField[]).includes(field);

const ENUM_FIELD_SET: ReadonlySet<ImportField> = new Set([
  'gender',
  'source',
  'payment',
  'purpose',
  'intentLevel',
]);
const isEnumField = (field: ImportField): field is EnumField => ENUM_FIELD_SET.has(field);

/** Tags are at most 30 characters on the form. */
const TAG_MAX = 30;

export function importTag(importName: string): string {
  return [...importName.trim()].slice(0, TAG_MAX).join('').trim();
}

function enumValue<Field extends EnumField>(
  mappings: EnumMappings,
  field: Field,
  text: string,
): EnumFieldValues[Field] | null {
  const chosen: Record<string, EnumFieldValues[Field] | null> | undefined = mappings[field];
  if (chosen && text in chosen) return chosen[text] ?? null;
  return proposeEnumValue(field, text);
}

export function buildRow(row: GridRow, ctx: RowContext): BuiltRow {
  const customer: ImportedCustomer = { name: '', phones: [] };
  const ownNotes: string[] = [];
  const labelledNotes: string[] = [];
  let ownerName: string | null = null;
  let sourceText = '';
  let level: EnumFieldValues['intentLevel'] | null = null;

  for (let column = 0; column < ctx.mapping.length; column += 1) {
    const target = ctx.mapping[column];
    const cell = row.cells[column];
    const text = cellText(cell);
    if (text === '' || target === 'ignore' || target === undefined) continue;
    const label = ctx.headers[column] || columnLetter(column);
    const toNotes = () => labelledNotes.push(`${label}：${text}`);
    if (target === null) {
      toNotes();
    } else if (target === 'phones') {
      const parsed = parsePhoneCell(cell);
      if (parsed.problem)
        return {
          ok: false,
          reason: importReason(parsed.problem.reason, { value: parsed.problem.value }),
        };
      customer.phones = [...new Set([...customer.phones, ...parsed.phones])];
    } else if (
      target === 'birthday' ||
      target === 'expectedPurchaseDate' ||
      target === 'registeredAt'
    ) {
      const time = parseDateCell(cell);
      if (time === 'invalid') {
        return { ok: false, reason: importReason('dateInvalid', { field: target, value: text }) };
      }
      if (time === null) continue;
      if (target === 'registeredAt') customer.createdAt = wallTimeToInstant(time);
      else customer[target] = wallDay(time);
    } else if (isEnumField(target)) {
      if (target === 'intentLevel') {
        level = enumValue(ctx.enumMappings, 'intentLevel', text);
        if (level === null) toNotes();
      } else if (target === 'gender') {
        const value = enumValue(ctx.enumMappings, 'gender', text);
        if (value === null) toNotes();
        else customer.gender = value;
      } else if (target === 'source') {
        const value = enumValue(ctx.enumMappings, 'source', text);
        if (value === null) toNotes();
        else {
          customer.source = value;
          sourceText = text;
        }
      } else if (target === 'payment') {
        const value = enumValue(ctx.enumMappings, 'payment', text);
        if (value === null) toNotes();
        else customer.payment = value;
      } else {
        const value = enumValue(ctx.enumMappings, 'purpose', text);
        if (value === null) toNotes();
        else customer.purpose = value;
      }
    } else if (target === 'owner') {
      if (ctx.ownerColumn) ownerName = text;
      else toNotes();
    } else if (target === 'notes') {
      ownNotes.push(text);
    } else if (isTextField(target)) {
      customer[target] = text;
    }
  }

  if (level !== null && customer.expectedPurchaseDate === undefined) {
    customer.expectedPurchaseDate = expectedDateForLevel(level, ctx.today, ctx.intentThresholds);
  }
  if (
    customer.source !== undefined &&
    (SOURCES_WITH_DETAIL as readonly CustomerSource[]).includes(customer.source) &&
    !customer.sourceDetail
  ) {
    // "车展现场-广州车展" says which show; a bare "车展" does not, so the import's name does.
    // With no import name either, the cell's own word ("车展") is the best detail there is.
    customer.sourceDetail =
      (sourceText !== '' && !isPlainEnumWord('source', sourceText) ? sourceText : ctx.importName) ||
      sourceText;
  }
  const notes = [...ownNotes, ...labelledNotes].join('\n');
  if (notes !== '') customer.notes = notes;
  const tag = importTag(ctx.importName);
  if (tag !== '') customer.tags = [tag];

  if (customer.name === '') return { ok: false, reason: importReason('nameMissing') };
  if (customer.phones.length === 0) return { ok: false, reason: importReason('phoneMissing') };

  const { createdAt: _createdAt, phones, ...fields } = customer;
  const checked = customerFormSchema.safeParse({
    ...EMPTY_CUSTOMER_FORM,
    ...fields,
    phones: phones.map((number) => ({ number })),
  });
  if (!checked.success) {
    const [issue] = checked.error.issues;
    const field = String(issue?.path[0] ?? 'notes');
    return {
      ok: false,
      reason: importReason('fieldInvalid', {
        field,
        problem: issue?.message ?? 'validation.required',
      }),
    };
  }
  // The schema trims: store what it checked.
  for (const field of TEXT_FIELDS) {
    if (customer[field] !== undefined) customer[field] = checked.data[field];
  }
  if (customer.notes !== undefined) customer.notes = checked.data.notes;
  return { ok: true, customer, ownerName };
}
