// 安排交车: the vehicle (VIN checked as typed, engine number, model, colour, plate) and the day.
// Scheduling copies the dealership's checklist template into the delivery and puts the handover in
// the follow-up views.

import { zodResolver } from '@hookform/resolvers/zod';
import { App, Form, Input, Modal, Space } from 'antd';
import dayjs from 'dayjs';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Customer } from '../../../../shared/domain/customer';
import {
  deliveryFormSchema,
  type DeliveryFormInput,
  type DeliveryFormValues,
} from '../../../../shared/domain/delivery-schemas';
import type { Order } from '../../../../shared/domain/order';
import { useWriteContext } from '../../../state/useWriteContext';
import { scheduleDelivery } from '../../../db/deliveries-repo';
import { FormField } from '../../../ui/FormField';
import { useReportError } from '../../../ui/useReportError';
import { DueAtInput } from '../../../ui/FollowUpInputs';

type ScheduleDeliveryModalProps = {
  customer: Customer;
  order: Order | undefined;
  open: boolean;
  onClose: () => void;
};

export function ScheduleDeliveryModal({
  customer,
  order,
  open,
  onClose,
}: ScheduleDeliveryModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const navigate = useNavigate();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState } = useForm<
    DeliveryFormInput,
    unknown,
    DeliveryFormValues
  >({
    resolver: zodResolver(deliveryFormSchema),
    mode: 'onTouched',
    defaultValues: {
      vin: '',
      engineNumber: '',
      brand: order?.brand ?? customer.brand,
      model: order?.model ?? customer.model,
      colour: order?.colour ?? customer.colour,
      plate: '',
      scheduledAt: dayjs().add(3, 'day').hour(10).minute(0).second(0).millisecond(0).toDate(),
    },
  });
  const submit = handleSubmit(
    async (values) => {
      try {
        const delivery = await scheduleDelivery(
          ctx,
          customer.id,
          values,
          t('deliveries.handoverPurpose', { model: values.model, vin: values.vin }),
        );
        message.success(t('deliveries.scheduled'));
        onClose();
        navigate(`/customers/${customer.id}/deliveries/${delivery.id}`);
      } catch (error) {
        reportError(error);
      }
    },
    () => void message.warning(t('card.fixErrors')),
  );
  const text = (name: 'engineNumber' | 'brand' | 'model' | 'colour' | 'plate', max: number) => (
    <FormField
      idPrefix="delivery"
      control={control}
      name={name}
      label={t(`deliveries.vehicle.${name}`)}
      required={name === 'engineNumber' || name === 'model' || name === 'colour'}
      render={(field) => <Input {...field} maxLength={max} />}
    />
  );
  return (
    <Modal
      open={open}
      title={`${t('deliveries.schedule')} · ${customer.name}`}
      okText={t('deliveries.scheduleConfirm')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={formState.isSubmitting}
      destroyOnHidden
      width={600}
    >
      <Form layout="vertical" component={false}>
        <FormField
          idPrefix="delivery"
          control={control}
          name="vin"
          label={t('deliveries.vehicle.vin')}
          required
          help={t('deliveries.vinHelp')}
          render={(field) => (
            <Input
              {...field}
              maxLength={24}
              style={{ fontFamily: 'monospace', textTransform: 'uppercase' }}
            />
          )}
        />
        <Space.Compact block style={{ gap: 12 }}>
          <div style={{ flex: 1 }}>{text('engineNumber', 40)}</div>
          <div style={{ flex: 1 }}>{text('plate', 12)}</div>
        </Space.Compact>
        <Space.Compact block style={{ gap: 12 }}>
          <div style={{ flex: 1 }}>{text('brand', 60)}</div>
          <div style={{ flex: 1 }}>{text('model', 60)}</div>
          <div style={{ flex: 1 }}>{text('colour', 40)}</div>
        </Space.Compact>
        <FormField
          idPrefix="delivery"
          control={control}
          name="scheduledAt"
          label={t('deliveries.scheduledAt')}
          required
          render={(field) => <DueAtInput field={field} />}
        />
      </Form>
    </Modal>
  );
}
