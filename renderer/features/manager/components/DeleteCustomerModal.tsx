// The confirm dialog of 删除客户: a manager deletes a card for everyone, with an optional reason
// that goes on the card's timeline and into the list of deleted cards (restorable for 30 days).
// Deleting is a server command: it runs online only.

import { App, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared/domain/customer';
import { RESTORE_DAYS } from '../../../../shared/sync/protocol';
import { requireEngine } from '../../../sync/sync-runtime';
import { errorText } from '../../../ui/error-text';

export function DeleteCustomerModal({
  customer,
  onClose,
  onDeleted,
}: {
  customer: Customer;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [deleting, setDeleting] = useState(false);

  const handleDelete = async () => {
    setDeleting(true);
    try {
      await requireEngine().deleteCustomer({ customerId: customer.id, reason: reason.trim() });
      message.success(t('manager.deleted.deletedMessage', { name: customer.name }));
      onDeleted();
    } catch (error) {
      message.error(
        t('manager.deleted.failed', {
          message: errorText(t, error),
        }),
      );
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Modal
      open
      title={t('manager.deleted.confirmTitle', { name: customer.name })}
      okText={t('manager.deleted.delete')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      confirmLoading={deleting}
      onOk={() => void handleDelete()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        {t('manager.deleted.confirmHint', { days: RESTORE_DAYS })}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <label htmlFor="delete-customer-reason">{t('manager.deleted.reason')}</label>
      </Typography.Paragraph>
      <Input.TextArea
        id="delete-customer-reason"
        value={reason}
        maxLength={500}
        autoSize={{ minRows: 2, maxRows: 5 }}
        onChange={(event) => setReason(event.target.value)}
      />
    </Modal>
  );
}
