// When plans change after the order: move a handover (改期), cancel it (取消交车) or cancel the
// order itself (取消订单). Each asks what the timeline and the manager need to know; cancelling
// needs a reason, and the customer's status and plans follow in the same write.

import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Delivery } from '../../../../shared/domain/delivery';
import {
  cancellationSchema,
  rescheduleDeliverySchema,
  type CancellationValues,
  type RescheduleDeliveryValues,
} from '../../../../shared/domain/delivery-schemas';
import type { Order } from '../../../../shared/domain/order';
import { cancelDelivery, cancelOrder, rescheduleDelivery } from '../../../db/deliveries-repo';
import { useWriteContext } from '../../../state/useWriteContext';
import { DueAtInput } from '../../../ui/FollowUpInputs';
import { FormField } from '../../../ui/FormField';
import { useReportError } from '../../../ui/useReportError';

type PlanChange =
  | { kind: 'reschedule'; delivery: Delivery }
  | { kind: 'cancelDelivery'; delivery: Delivery }
  | { kind: 'cancelOrder'; order: Order; cancelsHandover: boolean };

export type { PlanChange };

/** The open dialog for `change`, or nothing; `onClose` when done or dismissed. */
export function ChangePlanModal({
  change,
  onClose,
}: {
  change: PlanChange | null;
  onClose: () => void;
}) {
  if (!change) return null;
  return change.kind === 'reschedule' ? (
    <RescheduleDeliveryModal delivery={change.delivery} onClose={onClose} />
  ) : (
    <CancelModal change={change} onClose={onClose} />
  );
}

function RescheduleDeliveryModal({
  delivery,
  onClose,
}: {
  delivery: Delivery;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState } = useForm<RescheduleDeliveryValues>({
    resolver: zodResolver(rescheduleDeliverySchema),
    mode: 'onTouched',
    defaultValues: { scheduledAt: new Date(delivery.scheduledAt), reason: '' },
  });
  const submit = handleSubmit(
    async (values) => {
      try {
        await rescheduleDelivery(ctx, delivery.id, values);
        message.success(t('deliveries.change.rescheduled'));
        onClose();
      } catch (error) {
        reportError(error);
      }
    },
    () => void message.warning(t('card.fixErrors')),
  );
  return (
    <Modal
      open
      title={t('deliveries.change.reschedule')}
      okText={t('deliveries.change.rescheduleConfirm')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={formState.isSubmitting}
      destroyOnHidden
    >
      <Form layout="vertical" component={false}>
        <FormField
          idPrefix="reschedule"
          control={control}
          name="scheduledAt"
          label={t('deliveries.scheduledAt')}
          required
          render={(field) => <DueAtInput field={field} />}
        />
        <FormField
          idPrefix="reschedule"
          control={control}
          name="reason"
          label={t('deliveries.change.rescheduleReason')}
          render={(field) => <Input.TextArea {...field} rows={2} maxLength={500} />}
        />
      </Form>
    </Modal>
  );
}

function CancelModal({
  change,
  onClose,
}: {
  change: Exclude<PlanChange, { kind: 'reschedule' }>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState } = useForm<CancellationValues>({
    resolver: zodResolver(cancellationSchema),
    mode: 'onTouched',
    defaultValues: { reason: '' },
  });
  const ordering = change.kind === 'cancelOrder';
  const submit = handleSubmit(
    async (values) => {
      try {
        if (change.kind === 'cancelOrder') {
          await cancelOrder(ctx, change.order.id, values);
          message.success(t('deliveries.change.orderCancelled'));
        } else {
          await cancelDelivery(ctx, change.delivery.id, values);
          message.success(t('deliveries.change.deliveryCancelled'));
        }
        onClose();
      } catch (error) {
        reportError(error);
      }
    },
    () => void message.warning(t('card.fixErrors')),
  );
  return (
    <Modal
      open
      title={ordering ? t('deliveries.change.cancelOrder') : t('deliveries.change.cancelDelivery')}
      okText={
        ordering
          ? t('deliveries.change.cancelOrderConfirm')
          : t('deliveries.change.cancelDeliveryConfirm')
      }
      okButtonProps={{ danger: true }}
      cancelText={t('deliveries.change.keep')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={formState.isSubmitting}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={
          change.kind === 'cancelOrder'
            ? change.cancelsHandover
              ? t('deliveries.change.cancelOrderWithHandoverHint')
              : t('deliveries.change.cancelOrderHint')
            : t('deliveries.change.cancelDeliveryHint')
        }
      />
      <Form layout="vertical" component={false}>
        <FormField
          idPrefix="cancel"
          control={control}
          name="reason"
          label={t('deliveries.change.reason')}
          required
          render={(field) => <Input.TextArea {...field} rows={3} maxLength={500} autoFocus />}
        />
      </Form>
    </Modal>
  );
}
