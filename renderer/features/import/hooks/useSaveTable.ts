// Saves a plain table as .xlsx (the import template, the invalid lines), built in the export
// worker and written where the user chooses.

import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { desktop } from '../../../desktop/desktop';
import { runExport } from '../../../documents/run-export';
import type { SheetTable } from '../../../documents/table-xlsx';

export function useSaveTable(): (table: SheetTable) => Promise<void> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return async (table) => {
    try {
      const bytes = await runExport({ format: 'table-xlsx', document: table }, () => undefined)
        .result;
      const saved = await desktop.saveFile({
        suggestedName: `${table.title}.xlsx`,
        content: bytes,
        filters: [{ name: 'Excel', extensions: ['xlsx'] }],
      });
      if (saved.saved)
        message.success(t('importWizard.preview.exported', { file: saved.fileName }));
    } catch (error) {
      message.error(
        t('importWizard.preview.exportFailed', {
          message: error instanceof Error ? error.message : String(error),
        }),
      );
    }
  };
}
