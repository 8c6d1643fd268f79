// The import template: one column per field the importer reads, headed with the Chinese words
// the column proposal knows best (the card form's own labels), whatever the user's language —
// a template is made to be filled in and read back, and the header words are what is read.

import { IMPORT_FIELDS } from '../../../shared/import/columns';
import type { SheetTable } from '../../documents/table-xlsx';
import { zhCN } from '../../i18n/zh-CN';

export function importTemplateTable(title: string): SheetTable {
  return {
    title,
    headers: IMPORT_FIELDS.map((field) => zhCN.importPlan.field[field]),
    rows: [],
  };
}
