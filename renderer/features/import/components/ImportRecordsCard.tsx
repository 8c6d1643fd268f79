// Settings → 导入记录: the imports made on this computer, newest first, each with 撤销导入. Undo
// asks inspectUndo first and says plainly, before anything is done, what will be removed, what
// the server already holds (kept), and which cards were changed since the import.

import { App, Button, Card, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportBatchRow } from '../../../db/AppDB';
import { db } from '../../../db/db';
import { inspectUndo, listImports, undoImport } from '../../../db/import-repo';
import { useWriteContext } from '../../../state/useWriteContext';
import { currentEngine } from '../../../sync/sync-runtime';

const STATE_COLOURS: Record<ImportBatchRow['state'], string> = {
  running: 'processing',
  done: 'green',
  cancelled: 'orange',
  undone: 'default',
};

export function ImportRecordsCard() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const ctx = useWriteContext();
  const imports = useLiveQuery(() => listImports(db), []);
  const [undoing, setUndoing] = useState<string | null>(null);

  const handleUndo = async (batch: ImportBatchRow) => {
    setUndoing(batch.id);
    try {
      const check = await inspectUndo(db, batch.id);
      const lines = [
        t('importRecords.confirmWithdraw', { count: check.withdrawable.length }),
        ...(check.keptOnServer.length > 0
          ? [t('importRecords.confirmKept', { count: check.keptOnServer.length })]
          : []),
      ];
      const confirmed = await modal.confirm({
        title: t('importRecords.confirmTitle', { file: batch.fileName }),
        content: (
          <div data-testid="import-undo-confirm">
            {lines.map((line) => (
              <Typography.Paragraph key={line}>{line}</Typography.Paragraph>
            ))}
            {check.editedSince.length > 0 ? (
              <Typography.Paragraph type="danger" strong data-testid="import-undo-edited">
                {t('importRecords.confirmEdited', { count: check.editedSince.length })}
              </Typography.Paragraph>
            ) : null}
          </div>
        ),
        okText: t('importRecords.confirmOk'),
        okButtonProps: { danger: true },
        cancelText: t('importRecords.cancel'),
      });
      if (!confirmed) return;
      // Logged in: the cards the server already holds are withdrawn there too (the server decides
      // which it may: cards this user imported and nobody else has worked on since).
      const engine = currentEngine();
      const result = await undoImport(ctx, batch.id, {
        withdrawOnServer: engine ? (request) => engine.withdrawImportedCustomers(request) : null,
      });
      message.success(
        t('importRecords.result', { withdrawn: result.withdrawn, restored: result.restored }),
      );
      if (result.refused.length > 0) {
        const byReason = new Map<string, number>();
        for (const { reason } of result.refused) {
          byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
        }
        modal.info({
          title: t('importRecords.resultKeptTitle', { count: result.refused.length }),
          content: (
            <div data-testid="import-undo-refused">
              {[...byReason].map(([reason, count]) => (
                <Typography.Paragraph key={reason}>
                  {t('importRecords.resultKeptReason', {
                    reason: t(`importWithdrawRefusal.${reason}`),
                    count,
                  })}
                </Typography.Paragraph>
              ))}
            </div>
          ),
        });
      }
    } catch (error) {
      message.error(
        t('importRecords.failed', {
          message: error instanceof Error ? error.message : String(error),
        }),
      );
    } finally {
      setUndoing(null);
    }
  };

  return (
    <Card size="small" title={t('importRecords.title')} data-testid="import-records">
      <Typography.Paragraph type="secondary">{t('importRecords.intro')}</Typography.Paragraph>
      <Table<ImportBatchRow>
        size="small"
        rowKey="id"
        loading={imports === undefined}
        dataSource={imports ?? []}
        locale={{ emptyText: t('importRecords.empty') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          {
            title: t('importRecords.file'),
            key: 'file',
            render: (_, batch) => (
              <>
                <Typography.Text strong>{batch.fileName}</Typography.Text>
                {batch.importName ? (
                  <Typography.Text type="secondary"> · {batch.importName}</Typography.Text>
                ) : null}
              </>
            ),
          },
          { title: t('importRecords.who'), dataIndex: 'actorName', width: 110 },
          {
            title: t('importRecords.when'),
            key: 'when',
            width: 140,
            render: (_, batch) => dayjs(batch.startedAt).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: t('importRecords.counts'),
            key: 'counts',
            render: (_, batch) => t('importRecords.countsText', batch.counts),
          },
          {
            title: t('importRecords.state'),
            key: 'state',
            width: 90,
            render: (_, batch) => (
              <Tag color={STATE_COLOURS[batch.state]}>
                {t(`importRecords.stateName.${batch.state}`)}
              </Tag>
            ),
          },
          {
            title: '',
            key: 'undo',
            width: 110,
            render: (_, batch) =>
              batch.state === 'done' || batch.state === 'cancelled' ? (
                <Button
                  size="small"
                  danger
                  loading={undoing === batch.id}
                  disabled={undoing !== null}
                  onClick={() => void handleUndo(batch)}
                  aria-label={`${t('importRecords.undo')} ${batch.fileName}`}
                >
                  {t('importRecords.undo')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
