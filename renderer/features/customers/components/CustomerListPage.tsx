// The customer list: search by name or phone prefix, filters, sort, and a virtualized table
// that reads only the rows on screen, so 100,000 cards scroll as smoothly as 100.

import { Button, Card, Empty, Input, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAppStore } from '../../../state/store';
import { db } from '../../../db/db';
import { countCustomers, type CustomerSort } from '../../../db/customer-queries';
import { ImportLauncher } from '../../import';
import { LoadSampleDataButton } from '../../sample-data';
import { CUSTOMER_SOURCES } from '../../../../shared/domain/customer';
import { CUSTOMER_STATUSES } from '../../../../shared/domain/customer-status';
import { INTENT_LEVELS } from '../../../../shared/domain/intent';
import { QUALIFICATION_GRADES } from '../../../../shared/domain/qualification';
import { useCustomerIds, useCustomerTags } from '../hooks/useCustomerList';
import { ListsPreparing } from '../../../ui/ListsPreparing';
import { CustomerTable } from './CustomerTable';
import { MultiFilter } from '../../../ui/MultiFilter';

const SORTS = ['updatedAt', 'createdAt', 'name'] as const satisfies readonly CustomerSort[];

export function CustomerListPage() {
  // The launcher wraps the page so its wizard stays open when the first import turns the empty
  // page into the list.
  return (
    <ImportLauncher>
      {(importButton) => <CustomerList importButton={importButton} />}
    </ImportLauncher>
  );
}

function CustomerList({ importButton }: { importButton: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const filter = useAppStore((state) => state.customerFilter);
  const setFilter = useAppStore((state) => state.setCustomerFilter);
  const resetFilter = useAppStore((state) => state.resetCustomerFilter);
  const [search, setSearch] = useState(filter.search);
  const total = useLiveQuery(() => countCustomers(db), []);
  const tags = useCustomerTags();
  const list = useCustomerIds(filter);

  // Typing stays instant; the query runs once the consultant pauses.
  useEffect(() => {
    const timer = setTimeout(() => setFilter({ search }), 150);
    return () => clearTimeout(timer);
  }, [search, setFilter]);

  if (total === 0) {
    return (
      <Card>
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <Space orientation="vertical">
              <Typography.Title level={4}>{t('customers.emptyTitle')}</Typography.Title>
              <Typography.Text type="secondary">{t('customers.emptyText')}</Typography.Text>
            </Space>
          }
        >
          <Space>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/customers/new')}
            >
              {t('customers.newCustomer')}
            </Button>
            {importButton}
            <LoadSampleDataButton count={500} />
          </Space>
        </Empty>
      </Card>
    );
  }

  const filtered =
    filter.statuses.length +
      filter.grades.length +
      filter.intentLevels.length +
      filter.sources.length +
      filter.tags.length >
      0 || filter.search !== '';

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('customers.title')}
        </Typography.Title>
        <Space>
          {importButton}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/customers/new')}>
            {t('customers.newCustomer')}
          </Button>
        </Space>
      </Space>
      <Card size="small">
        <Space wrap>
          <Input.Search
            allowClear
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder={t('customerSearch.placeholder')}
            aria-label={t('customers.searchPlaceholder')}
            style={{ width: 320 }}
          />
          <MultiFilter
            label={t('customers.column.status')}
            value={filter.statuses}
            onChange={(statuses) => setFilter({ statuses })}
            options={CUSTOMER_STATUSES.map((value) => ({
              value,
              label: t(`enum.status.${value}`),
            }))}
          />
          <MultiFilter
            label={t('customers.column.grade')}
            value={filter.grades}
            onChange={(grades) => setFilter({ grades })}
            options={QUALIFICATION_GRADES.map((value) => ({
              value,
              label: t(`enum.grade.${value}`),
            }))}
          />
          <MultiFilter
            label={t('customers.column.intent')}
            value={filter.intentLevels}
            onChange={(intentLevels) => setFilter({ intentLevels })}
            options={INTENT_LEVELS.map((value) => ({ value, label: t(`enum.intent.${value}`) }))}
          />
          <MultiFilter
            label={t('customers.column.source')}
            value={filter.sources}
            onChange={(sources) => setFilter({ sources })}
            options={CUSTOMER_SOURCES.map((value) => ({ value, label: t(`enum.source.${value}`) }))}
          />
          <MultiFilter
            label={t('card.tags')}
            value={filter.tags}
            onChange={(next) => setFilter({ tags: next })}
            options={(tags ?? []).map((value) => ({ value, label: value }))}
          />
          <Select
            aria-label={t('customers.sortBy')}
            value={filter.sort}
            onChange={(sort) => setFilter({ sort })}
            options={SORTS.map((value) => ({
              value,
              label: `${t('customers.sortBy')}: ${t(`customers.sort.${value}`)}`,
            }))}
            style={{ width: 170 }}
          />
          {filtered ? (
            <Button
              onClick={() => {
                setSearch('');
                resetFilter();
              }}
            >
              {t('customers.clearFilters')}
            </Button>
          ) : null}
        </Space>
        <Typography.Text
          type="secondary"
          style={{ display: 'block', marginTop: 8 }}
          data-testid="customer-count"
        >
          {list === undefined ? t('app.loading') : t('customers.count', { count: list.count })}
        </Typography.Text>
      </Card>
      {list === undefined ? (
        <ListsPreparing list="customers" />
      ) : list.count === 0 ? (
        <Card>
          <Empty description={t('customers.noMatch')} />
        </Card>
      ) : (
        <CustomerTable ids={list.ids} count={list.count} />
      )}
    </Space>
  );
}
