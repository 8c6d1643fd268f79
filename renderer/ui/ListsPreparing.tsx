// What a list shows while the in-memory projection it answers from is being prepared. Reading
// every card (after a login, a first sync, a large import, or when the stored snapshot cannot be
// used) can take a while on a big showroom: the cards read so far, of all, with a bar and a line
// on why. Restoring the stored snapshot is quick: then only a spinner and the title.

import { Card, Progress, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useProjectionProgress } from '../db/projection/useListProjection';

export function ListsPreparing({ list }: { list: 'customers' | 'followUps' }) {
  const { t, i18n } = useTranslation();
  const progress = useProjectionProgress();
  const title = t(`listsPreparing.title.${list}`);
  if (progress === null || progress.from === 'snapshot' || progress.total === 0) {
    return (
      <Card data-testid="lists-preparing">
        <Space>
          <Spin size="small" />
          <Typography.Text type="secondary">{title}</Typography.Text>
        </Space>
      </Card>
    );
  }
  const number = (value: number) => value.toLocaleString(i18n.language);
  const percent = Math.floor((progress.loaded / progress.total) * 100);
  return (
    <Card data-testid="lists-preparing">
      <Space orientation="vertical" size={8} style={{ width: '100%', maxWidth: 560 }}>
        <Typography.Text strong data-testid="lists-preparing-count">
          {title}{' '}
          {t('listsPreparing.count', {
            loaded: number(progress.loaded),
            total: number(progress.total),
          })}
        </Typography.Text>
        <Progress
          percent={percent}
          status="active"
          showInfo={false}
          aria-label={title}
          aria-valuenow={percent}
        />
        <Typography.Text type="secondary">{t('listsPreparing.hint')}</Typography.Text>
      </Space>
    </Card>
  );
}
