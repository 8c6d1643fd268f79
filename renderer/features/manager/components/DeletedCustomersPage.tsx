// 已删除客户 (/deleted-customers): the cards managers deleted in the last 30 days, to restore one
// deleted by mistake. Laptops never hold deleted cards, so the list is asked of the server each
// time the page opens (and after each restore); offline it says so.

import { App, Button, Card, Empty, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RESTORE_DAYS, type DeletedCustomer } from '../../../../shared/sync/protocol';
import { requireEngine } from '../../../sync/sync-runtime';
import { ManagerPage } from '../../../ui/ManagerPage';
import { errorText } from '../../../ui/error-text';

export function DeletedCustomersPage() {
  const { t } = useTranslation();
  return (
    <ManagerPage
      title={t('manager.deleted.title')}
      maxWidth={1200}
      managersOnly={{
        testId: 'deleted-customers-managers-only',
        title: t('manager.deleted.onlyManagersTitle'),
        localText: t('manager.lost.onlyManagersLocal'),
        roleText: t('manager.deleted.onlyManagersRole'),
      }}
    >
      {() => <DeletedCustomerList />}
    </ManagerPage>
  );
}

type Listing =
  | { kind: 'loading' }
  | { kind: 'loaded'; customers: DeletedCustomer[] }
  | { kind: 'failed'; message: string };

function DeletedCustomerList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [listing, setListing] = useState<Listing>({ kind: 'loading' });
  const [restoring, setRestoring] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const answer = await requireEngine().listDeletedCustomers();
      setListing({ kind: 'loaded', customers: answer.customers });
    } catch (error) {
      setListing({
        kind: 'failed',
        message: errorText(t, error),
      });
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const handleRestore = async (customer: DeletedCustomer) => {
    setRestoring(customer.id);
    try {
      await requireEngine().restoreCustomer(customer.id);
      message.success(t('manager.deleted.restoredMessage', { name: customer.name }));
      await load();
    } catch (error) {
      message.error(
        t('manager.deleted.failed', {
          message: errorText(t, error),
        }),
      );
    } finally {
      setRestoring(null);
    }
  };

  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">
        {t('manager.deleted.intro', { days: RESTORE_DAYS })}
      </Typography.Paragraph>
      {listing.kind === 'failed' ? (
        <Typography.Paragraph type="danger" data-testid="deleted-customers-error">
          {t('manager.deleted.loadFailed', { message: listing.message })}
        </Typography.Paragraph>
      ) : null}
      <Table<DeletedCustomer>
        size="middle"
        rowKey="id"
        loading={listing.kind === 'loading'}
        dataSource={listing.kind === 'loaded' ? listing.customers : []}
        pagination={false}
        locale={{
          emptyText: (
            <Empty description={t('manager.deleted.empty')} data-testid="deleted-customers-empty" />
          ),
        }}
        columns={[
          { title: t('manager.deleted.customer'), dataIndex: 'name', key: 'name' },
          {
            title: t('manager.deleted.phones'),
            key: 'phones',
            render: (_, customer) => customer.phones.join(', '),
          },
          { title: t('manager.deleted.owner'), dataIndex: 'ownerName', key: 'owner' },
          {
            title: t('manager.deleted.deletedAt'),
            key: 'deletedAt',
            render: (_, customer) => dayjs(customer.deletedAt).format('YYYY-MM-DD HH:mm'),
          },
          { title: t('manager.deleted.deletedBy'), dataIndex: 'deletedByName', key: 'by' },
          { title: t('manager.deleted.reason'), dataIndex: 'reason', key: 'reason' },
          {
            title: '',
            key: 'actions',
            render: (_, customer) => (
              <Button
                loading={restoring === customer.id}
                disabled={restoring !== null && restoring !== customer.id}
                onClick={() => void handleRestore(customer)}
                data-testid={`restore-${customer.id}`}
              >
                {t('manager.deleted.restore')}
              </Button>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        <Link to="/customers">{t('common.backToList')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
