// A virtualized customer table: only the rows in view (plus a few) exist in the DOM, and only
// their cards are read from IndexedDB.

import { Typography } from 'antd';
import { useVirtualizer } from '@tanstack/react-virtual';
import dayjs from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatPhone } from '../../../../shared/domain/phone';
import { DepartedTag } from '../../../ui/DepartedTag';
import { useDepartedOwnerIds } from '../../../ui/useDepartedOwnerIds';
import { useCustomerRows } from '../hooks/useCustomerList';
import { GradeTag, IntentTag, StatusTag } from '../../../ui/CustomerBadges';
import { useCurrentIntent } from '../../../ui/useCurrentIntent';

const ROW_HEIGHT = 44;
const COLUMNS = '1.2fr 1.3fr 1.1fr 0.8fr 1.2fr 1.4fr 1fr 1.1fr';

/** `count` rows; ids past `ids.length` are still loading and show as placeholders. */
export function CustomerTable({ ids, count }: { ids: string[]; count: number }) {
  const { t } = useTranslation();
  const intentOf = useCurrentIntent();
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const visibleIds = items.flatMap((item) => {
    const id = ids[item.index];
    return id ? [id] : [];
  });
  const rows = useCustomerRows(visibleIds);
  // A departed consultant's customers stay marked until a manager hands them over.
  const departed = useDepartedOwnerIds();

  return (
    <div
      role="table"
      aria-label={t('customers.title')}
      aria-rowcount={count}
      style={{ background: '#fff', borderRadius: 8, border: '1px solid #eee' }}
    >
      <div
        role="row"
        style={{
          display: 'grid',
          gridTemplateColumns: COLUMNS,
          padding: '10px 16px',
          borderBottom: '1px solid #eee',
          fontWeight: 600,
          background: '#fafafa',
        }}
      >
        {(
          ['name', 'phone', 'status', 'grade', 'intent', 'model', 'source', 'updatedAt'] as const
        ).map((column) => (
          <div role="columnheader" key={column}>
            {t(`customers.column.${column}`)}
          </div>
        ))}
      </div>
      <div
        ref={scrollRef}
        style={{ height: 'calc(100vh - 300px)', minHeight: 300, overflow: 'auto' }}
        data-testid="customer-scroll"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const id = ids[item.index];
            const customer = id ? rows?.get(id) : undefined;
            const open = () => {
              if (id) navigate(`/customers/${id}`);
            };
            return (
              <div
                key={id ?? `loading-${item.index}`}
                role="row"
                tabIndex={0}
                aria-rowindex={item.index + 2}
                onClick={open}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') open();
                }}
                className="customer-row"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                  display: 'grid',
                  gridTemplateColumns: COLUMNS,
                  alignItems: 'center',
                  padding: '0 16px',
                  borderBottom: '1px solid #f3f3f3',
                  cursor: 'pointer',
                }}
              >
                {customer ? (
                  <>
                    <div
                      role="cell"
                      style={{
                        display: 'flex',
                        alignItems: 'center',
                        gap: 6,
                        minWidth: 0,
                        paddingRight: 8,
                      }}
                    >
                      <Typography.Text strong ellipsis>
                        {customer.name}
                      </Typography.Text>
                      {departed.has(customer.ownerId) ? <DepartedTag compact /> : null}
                    </div>
                    <div role="cell">{formatPhone(customer.phones[0] ?? '')}</div>
                    <div role="cell">
                      <StatusTag status={customer.status} />
                    </div>
                    <div role="cell">
                      <GradeTag grade={customer.qualificationGrade} />
                    </div>
                    <div role="cell">
                      <IntentTag level={intentOf(customer)} />
                    </div>
                    <div role="cell">
                      {[customer.brand, customer.model].filter(Boolean).join(' ')}
                    </div>
                    <div role="cell">{t(`enum.source.${customer.source}`)}</div>
                    <div role="cell">
                      <Typography.Text type="secondary">
                        {dayjs(customer.updatedAt).format('YYYY-MM-DD HH:mm')}
                      </Typography.Text>
                    </div>
                  </>
                ) : (
                  <div role="cell" style={{ color: '#ccc' }}>
                    …
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
