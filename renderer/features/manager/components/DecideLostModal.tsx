// The confirm dialog of one decision (approve, or send back), with an optional note the
// consultant reads on the card's timeline. The decision is a server command: it runs online only.

import { App, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentEngine } from '../../../sync/sync-runtime';
import { NetworkError } from '../../../sync/errors';
import { decisionErrorKey, type LostDecision, type LostRequest } from '../lost-requests';
import { errorText } from '../../../ui/error-text';

export function DecideLostModal({
  request,
  decision,
  onClose,
}: {
  request: LostRequest;
  decision: LostDecision;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [deciding, setDeciding] = useState(false);
  const { customer, ownerName } = request;
  const approve = decision === 'approve';
  const before = customer.statusBeforeLost ?? 'following';

  const handleDecide = async () => {
    setDeciding(true);
    try {
      const engine = currentEngine();
      if (!engine) throw new NetworkError('No sync server configured');
      await engine.decideLost({ customerId: customer.id, decision, note: note.trim() });
      message.success(
        t(approve ? 'manager.lost.approved' : 'manager.lost.sentBack', { name: customer.name }),
      );
      onClose();
    } catch (error) {
      const key = decisionErrorKey(error);
      message.error(
        t(`manager.lost.errors.${key}`, {
          message: errorText(t, error),
        }),
      );
      // Someone else decided it, or it is gone: a sync brings the list up to date.
      if (key === 'alreadyDecided' || key === 'notFound') {
        onClose();
        void currentEngine()
          ?.syncNow()
          .catch(() => undefined);
      }
    } finally {
      setDeciding(false);
    }
  };

  return (
    <Modal
      open
      title={t(approve ? 'manager.lost.approveTitle' : 'manager.lost.sendBackTitle', {
        name: customer.name,
      })}
      okText={t(approve ? 'manager.lost.approve' : 'manager.lost.sendBack')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: approve }}
      confirmLoading={deciding}
      onOk={() => void handleDecide()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        {approve
          ? t('manager.lost.approveHint')
          : t('manager.lost.sendBackHint', {
              status: t(`enum.status.${before}`),
              owner: ownerName || t('common.unknown'),
            })}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <label htmlFor="decide-lost-note">{t('manager.lost.note')}</label>
      </Typography.Paragraph>
      <Input.TextArea
        id="decide-lost-note"
        value={note}
        onChange={(event) => setNote(event.target.value)}
        placeholder={t('manager.lost.notePlaceholder')}
        maxLength={500}
        showCount
        autoSize={{ minRows: 3 }}
        style={{ marginBottom: 24 }}
      />
    </Modal>
  );
}
