// 录入订单: a deposit or a signed contract for a vehicle. Saving moves the customer to O (ordered).

import { zodResolver } from '@hookform/resolvers/zod';
import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import dayjs from 'dayjs';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared/domain/customer';
import { localDay } from '../../../../shared/domain/dates';
import { orderFormSchema, type OrderFormValues } from '../../../../shared/domain/delivery-schemas';
import { ORDER_KINDS } from '../../../../shared/domain/order';
import { useWriteContext } from '../../../state/useWriteContext';
import { recordOrder } from '../../../db/deliveries-repo';
import { FormField } from '../../../ui/FormField';
import { useReportError } from '../../../ui/useReportError';
import { enumOptions } from '../../../ui/enum-options';

type OrderModalProps = { customer: Customer; open: boolean; onClose: () => void };

export function OrderModal({ customer, open, onClose }: OrderModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState } = useForm<OrderFormValues>({
    resolver: zodResolver(orderFormSchema),
    defaultValues: {
      kind: 'contract',
      amount: null,
      depositAmount: null,
      brand: customer.brand,
      model: customer.model,
      trim: customer.trim,
      colour: customer.colour,
      orderedOn: localDay(new Date()),
      note: '',
    },
  });
  const kind = useWatch({ control, name: 'kind' });
  const submit = handleSubmit(
    async (values) => {
      try {
        await recordOrder(ctx, customer.id, values);
        message.success(t('deliveries.orderSaved'));
        onClose();
      } catch (error) {
        reportError(error);
      }
    },
    () => void message.warning(t('card.fixErrors')),
  );
  const yuan = (field: {
    id: string;
    value: number | null;
    onChange: (v: number | null) => void;
  }) => (
    <InputNumber
      id={field.id}
      value={field.value}
      onChange={(value) => field.onChange(typeof value === 'number' ? value : null)}
      min={0}
      step={1000}
      style={{ width: '100%' }}
      suffix={t('deliveries.yuan')}
    />
  );
  return (
    <Modal
      open={open}
      title={`${t('deliveries.recordOrder')} · ${customer.name}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={formState.isSubmitting}
      destroyOnHidden
      width={560}
    >
      <Form layout="vertical" component={false}>
        <FormField
          idPrefix="order"
          control={control}
          name="kind"
          label={t('deliveries.orderKind')}
          required
          render={(field) => (
            <Radio.Group
              id={field.id}
              value={field.value}
              onChange={(event) => field.onChange(event.target.value)}
              options={enumOptions(t, 'deliveries.orderKinds', ORDER_KINDS)}
            />
          )}
        />
        <Space.Compact block style={{ gap: 12 }}>
          <div style={{ flex: 1 }}>
            <FormField
              idPrefix="order"
              control={control}
              name="amount"
              label={t('deliveries.amount')}
              required
              render={yuan}
            />
          </div>
          <div style={{ flex: 1 }}>
            <FormField
              idPrefix="order"
              control={control}
              name="depositAmount"
              label={t('deliveries.depositAmount')}
              required={kind === 'deposit'}
              render={yuan}
            />
          </div>
        </Space.Compact>
        <Space.Compact block style={{ gap: 12 }}>
          {(['brand', 'model', 'trim', 'colour'] as const).map((name) => (
            <div key={name} style={{ flex: 1 }}>
              <FormField
                idPrefix="order"
                control={control}
                name={name}
                label={t(`field.${name}`)}
                required={name === 'model'}
                render={(field) => <Input {...field} maxLength={60} />}
              />
            </div>
          ))}
        </Space.Compact>
        <FormField
          idPrefix="order"
          control={control}
          name="orderedOn"
          label={t('deliveries.orderedOn')}
          required
          render={(field) => (
            <DatePicker
              id={field.id}
              value={field.value ? dayjs(field.value) : null}
              onChange={(value) => field.onChange(value ? value.format('YYYY-MM-DD') : '')}
              style={{ width: '100%' }}
            />
          )}
        />
        <FormField
          idPrefix="order"
          control={control}
          name="note"
          label={t('deliveries.orderNote')}
          render={(field) => <Input.TextArea {...field} rows={2} maxLength={1000} />}
        />
      </Form>
    </Modal>
  );
}
