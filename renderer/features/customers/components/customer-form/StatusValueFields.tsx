// 成交与价值: the card's status (locked while a lost request waits for a manager), the contract,
// the delivery, and the dates aftercare follows (warranty, insurance).

import { Card, Col, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { enumOptions } from '../../../../ui/enum-options';
import { FormField } from '../../../../ui/FormField';
import { DayInput, NumberInput, TextField, type CustomerFormControl } from './form-inputs';

/** Lost is requested (and decided) on its own path, never picked here. */
const EDITABLE_STATUSES = ['new', 'following', 'ordered', 'delivered'] as const;

export function StatusValueFields({
  control,
  statusLocked,
}: {
  control: CustomerFormControl;
  statusLocked: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card title={t('card.groups.value')} size="small">
      <Row gutter={16}>
        <Col span={6}>
          <FormField
            control={control}
            name="status"
            label={t('card.status')}
            help={statusLocked ? t('card.statusLocked') : undefined}
            render={(field) => (
              <Select
                {...field}
                disabled={statusLocked}
                options={enumOptions(t, 'enum.status', EDITABLE_STATUSES)}
              />
            )}
          />
        </Col>
        <Col span={6}>
          <FormField
            control={control}
            name="contractAmount"
            label={t('card.contractAmount')}
            render={(field) => <NumberInput field={field} />}
          />
        </Col>
        <Col span={6}>
          <FormField
            control={control}
            name="deliveryDate"
            label={t('card.deliveryDate')}
            render={(field) => <DayInput field={field} />}
          />
        </Col>
        <Col span={6}>
          <FormField
            control={control}
            name="referralsMade"
            label={t('card.referralsMade')}
            render={(field) => (
              <InputNumber
                id={field.id}
                min={0}
                precision={0}
                value={field.value}
                onBlur={field.onBlur}
                onChange={(value) => field.onChange(value ?? 0)}
                style={{ width: '100%' }}
              />
            )}
          />
        </Col>
        <Col span={6}>
          <FormField
            control={control}
            name="warrantyExpiry"
            label={t('card.warrantyExpiry')}
            render={(field) => <DayInput field={field} />}
          />
        </Col>
        <Col span={6}>
          <FormField
            control={control}
            name="insuranceExpiry"
            label={t('card.insuranceExpiry')}
            render={(field) => <DayInput field={field} />}
          />
        </Col>
        <Col span={12}>
          <TextField control={control} name="potentialNeeds" label={t('card.potentialNeeds')} />
        </Col>
      </Row>
    </Card>
  );
}
