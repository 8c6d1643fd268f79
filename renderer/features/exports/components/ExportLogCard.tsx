// Settings → 导出记录 (admins): the dealership's export log from the server, newest first, a page at
// a time — who exported, when, which format, the filters in words and how many rows.

import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ExportFormat,
  ExportRecord,
  ListExportsResponse,
} from '../../../../shared/sync/export-protocol';
import { useTeam } from '../../../db/useTeam';
import { requireEngine } from '../../../sync/sync-runtime';
import { describeFilter, type Translate } from '../../../documents/export-table';
import { errorText } from '../../../ui/error-text';

const PAGE_SIZE = 20;
const FORMAT_COLOURS: Record<ExportFormat, string> = { xlsx: 'green', csv: 'blue', pdf: 'red' };

export function ExportLogCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const team = useTeam();
  const [page, setPage] = useState(1);
  const [answer, setAnswer] = useState<ListExportsResponse | null>(null);
  const [loading, setLoading] = useState(false);
  const translate: Translate = (key, options) => t(key, options ?? {});
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const load = useCallback(
    async (wanted: number) => {
      setLoading(true);
      try {
        setAnswer(
          await requireEngine().listExports({ limit: PAGE_SIZE, offset: (wanted - 1) * PAGE_SIZE }),
        );
        setPage(wanted);
      } catch (error) {
        message.error(
          t('exports.log.loadFailed', {
            message: errorText(t, error),
          }),
        );
      } finally {
        setLoading(false);
      }
    },
    [message, t],
  );

  useEffect(() => {
    void load(1);
  }, [load]);

  return (
    <Card
      size="small"
      title={t('exports.log.title')}
      data-testid="export-log"
      extra={
        <Button
          size="small"
          icon={<ReloadOutlined />}
          onClick={() => void load(page)}
          data-testid="export-log-refresh"
        >
          {t('exports.log.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('exports.log.intro')}</Typography.Paragraph>
      <Table<ExportRecord>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={answer?.exports ?? []}
        locale={{ emptyText: t('exports.log.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: answer?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: (next) => void load(next),
        }}
        columns={[
          {
            title: t('exports.log.at'),
            dataIndex: 'exportedAt',
            width: 150,
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: t('exports.log.user'),
            key: 'user',
            width: 140,
            render: (_, record) => (
              <span>
                {record.userName}{' '}
                <Typography.Text type="secondary">({record.userLogin})</Typography.Text>
              </span>
            ),
          },
          {
            title: t('exports.log.format'),
            dataIndex: 'format',
            width: 80,
            render: (format: ExportFormat) => (
              <Tag color={FORMAT_COLOURS[format]}>{t(`exports.formatName.${format}`)}</Tag>
            ),
          },
          {
            title: t('exports.log.filters'),
            key: 'filters',
            render: (_, record) => (
              <Typography.Text style={{ fontSize: 12 }}>
                {describeFilter(record.filter, team ?? [], translate, timeZone)}
              </Typography.Text>
            ),
          },
          {
            title: t('exports.log.rows'),
            dataIndex: 'rowCount',
            width: 70,
            align: 'right',
          },
        ]}
      />
    </Card>
  );
}
