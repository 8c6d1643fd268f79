// Warns while typing when a phone number already belongs to another card, with a link to it.
// Where typing never stops (the quick capture), the links stay out of the Tab order: a warning
// that appears mid-typing must not catch the next Tab and send the following keystrokes elsewhere.

import { Alert, Space } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { db } from '../../../db/db';
import { findCustomersByPhone } from '../../../db/customers-repo';
import { formatPhone, isValidPhone } from '../../../../shared/domain/phone';

export function DuplicatePhoneWarning({
  phone,
  excludeCustomerId,
  linksInTabOrder = true,
}: {
  phone: string;
  excludeCustomerId?: string;
  linksInTabOrder?: boolean;
}) {
  const { t } = useTranslation();
  const matches = useLiveQuery(
    async () => (isValidPhone(phone) ? findCustomersByPhone(db, phone) : []),
    [phone],
  );
  const others = (matches ?? []).filter((customer) => customer.id !== excludeCustomerId);
  if (others.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="duplicate-phone-warning"
      style={{ marginTop: 6 }}
      title={
        <Space wrap size={4}>
          {t('card.duplicatePhone')}
          {others.map((customer) => (
            <Link
              key={customer.id}
              to={`/customers/${customer.id}`}
              {...(linksInTabOrder ? {} : { tabIndex: -1 })}
            >
              {customer.name}（{formatPhone(customer.phones[0] ?? '')}）
            </Link>
          ))}
        </Space>
      }
    />
  );
}
