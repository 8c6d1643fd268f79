// The customer list's columns over the shared virtual table: only the cards of the rows in view
// are read from IndexedDB.

import { Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Customer } from '../../../../shared/domain/customer';
import { formatPhone } from '../../../../shared/domain/phone';
import { db } from '../../../db/db';
import { customersById } from '../../../db/customer-queries';
import { DepartedTag } from '../../../ui/DepartedTag';
import { useDepartedOwnerIds } from '../../../ui/useDepartedOwnerIds';
import { GradeTag, IntentTag, StatusTag } from '../../../ui/CustomerBadges';
import { VirtualTable, type VirtualColumn } from '../../../ui/VirtualTable';
import { useCurrentIntent } from '../../../ui/useCurrentIntent';

const loadCustomers = (ids: string[]) => customersById(db, ids);

/** `count` rows; ids past `ids.length` are still loading and show as placeholders. */
export function CustomerTable({ ids, count }: { ids: string[]; count: number }) {
  const { t } = useTranslation();
  const intentOf = useCurrentIntent();
  const navigate = useNavigate();
  // A departed consultant's customers stay marked until a manager hands them over.
  const departed = useDepartedOwnerIds();

  const columns: VirtualColumn<Customer>[] = [
    {
      key: 'name',
      title: t('customers.column.name'),
      width: '1.1fr',
      render: (customer) => (
        <div style={{ display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 }}>
          <Typography.Text strong ellipsis>
            {customer.name}
          </Typography.Text>
          {departed.has(customer.ownerId) ? <DepartedTag compact /> : null}
        </div>
      ),
    },
    {
      key: 'phone',
      title: t('customers.column.phone'),
      width: '1.1fr',
      render: (customer) => formatPhone(customer.phones[0] ?? ''),
    },
    {
      key: 'status',
      title: t('customers.column.status'),
      width: '1.5fr',
      render: (customer) => <StatusTag status={customer.status} />,
    },
    {
      key: 'grade',
      title: t('customers.column.grade'),
      width: '1.1fr',
      render: (customer) => <GradeTag grade={customer.qualificationGrade} />,
    },
    {
      key: 'intent',
      title: t('customers.column.intent'),
      width: '1.2fr',
      render: (customer) => <IntentTag level={intentOf(customer)} />,
    },
    {
      key: 'model',
      title: t('customers.column.model'),
      width: '1.2fr',
      render: (customer) => (
        <Typography.Text ellipsis>
          {[customer.brand, customer.model].filter(Boolean).join(' ')}
        </Typography.Text>
      ),
    },
    {
      key: 'source',
      title: t('customers.column.source'),
      width: '0.9fr',
      render: (customer) => (
        <Typography.Text ellipsis>{t(`enum.source.${customer.source}`)}</Typography.Text>
      ),
    },
    {
      key: 'updatedAt',
      title: t('customers.column.updatedAt'),
      width: '1.1fr',
      render: (customer) => (
        <Typography.Text type="secondary" ellipsis>
          {dayjs(customer.updatedAt).format('YYYY-MM-DD HH:mm')}
        </Typography.Text>
      ),
    },
  ];

  return (
    <VirtualTable<Customer>
      label={t('customers.title')}
      testId="customer"
      ids={ids}
      count={count}
      columns={columns}
      loadRows={loadCustomers}
      onOpen={(id) => navigate(`/customers/${id}`)}
      rowClassName="customer-row"
    />
  );
}
