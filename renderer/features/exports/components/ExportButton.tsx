// 导出 on the team board: Excel, CSV or PDF of exactly the rows the board lists with the filters on
// screen. The file is written in a worker (progress, cancel); then the export is recorded on the
// server (or queued when offline; a refusal means no file) and saved (a save dialog in Electron, a
// download in a browser).

import {
  DownloadOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  FileTextOutlined,
} from '@ant-design/icons';
import { App, Button, Dropdown, Modal, Progress, Space, Tooltip, Typography } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import {
  EXPORT_FORMATS,
  type ExportFilter,
  type ExportFormat,
} from '../../../../shared/sync/export-protocol';
import type { SessionUser, TeamMember } from '../../../../shared/sync/protocol';
import { db } from '../../../db/db';
import { desktop } from '../../../desktop/desktop';
import { requireEngine } from '../../../sync/sync-runtime';
import type { TeamBoardFilters, TeamBoardRow } from '../../../db/team-board-queries';
import type { ExportPhase } from '../../../documents/export-worker-protocol';
import {
  buildExportDocument,
  exportFileName,
  type Translate,
} from '../../../documents/export-table';
import { ExportRefusedError, recordExport } from '../record-export';
import { ExportCancelledError, runExport, type ExportRun } from '../../../documents/run-export';
import { errorText } from '../../../ui/error-text';

type Step = ExportPhase | 'preparing' | 'recording' | 'saving';

type Running = { format: ExportFormat; count: number; step: Step; percent: number };

/** Where each step sits on the progress bar: writing the file is most of the work. */
function percentOf(step: Step, ratio: number): number {
  switch (step) {
    case 'preparing':
      return 2;
    case 'loadingFont':
      return 5;
    case 'layout':
      return 15;
    case 'writing':
      return Math.round(15 + 75 * ratio);
    case 'recording':
      return 92;
    case 'saving':
      return 96;
  }
}

const FORMAT_ICONS: Record<ExportFormat, ReactNode> = {
  xlsx: <FileExcelOutlined style={{ color: '#389e0d' }} />,
  csv: <FileTextOutlined style={{ color: '#1677ff' }} />,
  pdf: <FilePdfOutlined style={{ color: '#cf1322' }} />,
};

/** Steps that run in the worker: cancelling stops them; recording and saving are not stopped. */
const CANCELLABLE: ReadonlySet<Step> = new Set(['preparing', 'loadingFont', 'layout', 'writing']);

export function ExportButton({
  rows,
  filters,
  team,
  user,
}: {
  rows: readonly TeamBoardRow[] | undefined;
  filters: TeamBoardFilters;
  team: readonly TeamMember[];
  user: SessionUser;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [running, setRunning] = useState<Running | null>(null);
  const run = useRef<ExportRun | null>(null);
  const translate: Translate = (key, options) => t(key, options ?? {});

  const empty = rows !== undefined && rows.length === 0;
  const disabledReason =
    rows === undefined ? t('exports.loadingTooltip') : empty ? t('exports.emptyTooltip') : null;

  const handleExport = async (format: ExportFormat) => {
    if (!rows || rows.length === 0 || running) return;
    const count = rows.length;
    const step = (next: Step, ratio = 0) =>
      setRunning({ format, count, step: next, percent: percentOf(next, ratio) });
    step('preparing');
    const exportedAt = new Date();
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const filter: ExportFilter = {
      ownerIds: [...filters.ownerIds],
      grades: [...filters.grades],
      intents: [...filters.intents],
      sources: [...filters.sources],
      range: filters.range,
      bucket: filters.bucket,
    };
    try {
      const document = buildExportDocument(
        {
          rows,
          filter,
          team,
          dealershipName: user.dealershipName,
          exportedBy: user.name,
          exportedAt,
          timeZone,
        },
        translate,
      );
      run.current = runExport({ format, document }, (phase, ratio) => step(phase, ratio));
      const bytes = await run.current.result;
      run.current = null;

      step('recording');
      const recorded = await recordExport(requireEngine(), db, user.id, {
        id: uuidv7(),
        format,
        exportedAt: exportedAt.toISOString(),
        rowCount: count,
        filter,
      });

      step('saving');
      const saved = await desktop.saveFile({
        suggestedName: exportFileName(document.title, format, exportedAt, timeZone),
        content: bytes,
        filters: [{ name: t(`exports.fileFilter.${format}`), extensions: [format] }],
      });
      if (saved.saved) message.success(t('exports.done', { count, file: saved.fileName }));
      else message.info(t('exports.notSaved'));
      if (recorded === 'queued') message.warning(t('exports.queued'));
    } catch (error) {
      if (error instanceof ExportCancelledError) message.info(t('exports.cancelled'));
      else if (error instanceof ExportRefusedError) message.error(t('exports.forbidden'));
      else message.error(t('exports.failed', { message: errorText(t, error) }));
    } finally {
      run.current = null;
      setRunning(null);
    }
  };

  const button = (
    <Button
      icon={<DownloadOutlined />}
      disabled={disabledReason !== null || running !== null}
      data-testid="export-button"
    >
      {t('exports.button')}
    </Button>
  );

  return (
    <>
      {disabledReason ? (
        <Tooltip title={disabledReason}>
          {/* A disabled button swallows the hover: the span shows the tooltip. */}
          <span data-testid="export-disabled">{button}</span>
        </Tooltip>
      ) : (
        <Dropdown
          trigger={['click']}
          menu={{
            items: EXPORT_FORMATS.map((format) => ({
              key: format,
              icon: FORMAT_ICONS[format],
              label: t(`exports.menu.${format}`),
              'data-testid': `export-${format}`,
            })),
            onClick: ({ key }) => {
              const format = EXPORT_FORMATS.find((candidate) => candidate === key);
              if (format) void handleExport(format);
            },
          }}
        >
          {button}
        </Dropdown>
      )}
      <Modal
        open={running !== null}
        title={
          running
            ? t('exports.progress.title', { format: t(`exports.formatName.${running.format}`) })
            : null
        }
        closable={false}
        maskClosable={false}
        keyboard={false}
        footer={
          running && CANCELLABLE.has(running.step) ? (
            <Button onClick={() => run.current?.cancel()} data-testid="export-cancel">
              {t('exports.progress.cancel')}
            </Button>
          ) : null
        }
        data-testid="export-progress"
      >
        {running ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {t('exports.progress.rows', { count: running.count })}
            </Typography.Text>
            <Progress percent={running.percent} status="active" />
            <Typography.Text data-testid="export-step">
              {t(`exports.progress.${running.step}`)}
            </Typography.Text>
          </Space>
        ) : null}
      </Modal>
    </>
  );
}
