import { describe, expect, it } from 'vitest';
import { IMPORT_FIELDS, proposeMapping } from '../../../shared/import/columns';
import { importTemplateTable } from './import-template';

describe('the import template', () => {
  it('has one column per field, each read back as that field by the column proposal', () => {
    const table = importTemplateTable('客户导入模板');
    expect(table.rows).toEqual([]);
    expect(proposeMapping(table.headers)).toEqual([...IMPORT_FIELDS]);
  });
});
