// The customer card's plainer field groups, one component each: 来源, 意向车型, 成交与价值 and
// 标签与备注. (身份 and 资格与意向 carry logic of their own and have their own files.)

import { Card, Col, Input, InputNumber, Row, Select } from 'antd';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  CUSTOMER_SOURCES,
  PAYMENT_METHODS,
  PURCHASE_PURPOSES,
} from '../../../../../shared/domain/customer';
import {
  statusesOfferedByHand,
  statusLock,
  type CustomerStatus,
} from '../../../../../shared/domain/customer-status';
import { enumOptions } from '../../../../ui/enum-options';
import { FormField } from '../../../../ui/FormField';
import { DayField, NumberField, TextField, type CustomerFormControl } from './form-inputs';

// 来源: where the customer came from; some sources need a detail (who referred them, which event).
export function SourceFields({ control }: { control: CustomerFormControl }) {
  const { t } = useTranslation();
  const source = useWatch({ control, name: 'source' });
  return (
    <Card title={t('card.groups.source')} size="small">
      <Row gutter={16}>
        <Col span={8}>
          <FormField
            control={control}
            name="source"
            label={t('card.source')}
            required
            render={(field) => (
              <Select {...field} options={enumOptions(t, 'enum.source', CUSTOMER_SOURCES)} />
            )}
          />
        </Col>
        <Col span={16}>
          <TextField
            control={control}
            name="sourceDetail"
            label={t(`card.sourceDetailHint.${source}`)}
            required={source === 'referral' || source === 'event' || source === 'other'}
          />
        </Col>
      </Row>
    </Card>
  );
}

// 意向车型: the car the customer wants, the budget, how they pay, what they trade in and compare.
export function InterestFields({ control }: { control: CustomerFormControl }) {
  const { t } = useTranslation();
  return (
    <Card title={t('card.groups.interest')} size="small">
      <Row gutter={16}>
        <Col span={6}>
          <TextField control={control} name="brand" label={t('card.brand')} />
        </Col>
        <Col span={6}>
          <TextField control={control} name="model" label={t('card.model')} />
        </Col>
        <Col span={6}>
          <TextField control={control} name="trim" label={t('card.trim')} />
        </Col>
        <Col span={6}>
          <TextField control={control} name="colour" label={t('card.colour')} />
        </Col>
        <Col span={6}>
          <NumberField
            control={control}
            name="budgetMin"
            label={`${t('card.budget')} · ${t('card.budgetMin')}`}
          />
        </Col>
        <Col span={6}>
          <NumberField
            control={control}
            name="budgetMax"
            label={`${t('card.budget')} · ${t('card.budgetMax')}`}
          />
        </Col>
        <Col span={6}>
          <FormField
            control={control}
            name="payment"
            label={t('card.payment')}
            render={(field) => (
              <Select
                {...field}
                allowClear
                onClear={() => field.onChange(null)}
                options={enumOptions(t, 'enum.payment', PAYMENT_METHODS)}
              />
            )}
          />
        </Col>
        <Col span={6}>
          <FormField
            control={control}
            name="purpose"
            label={t('card.purpose')}
            render={(field) => (
              <Select
                {...field}
                allowClear
                onClear={() => field.onChange(null)}
                options={enumOptions(t, 'enum.purpose', PURCHASE_PURPOSES)}
              />
            )}
          />
        </Col>
        <Col span={12}>
          <TextField control={control} name="tradeIn" label={t('card.tradeIn')} />
        </Col>
        <Col span={12}>
          <TextField control={control} name="competitors" label={t('card.competitors')} />
        </Col>
      </Row>
    </Card>
  );
}

// 成交与价值: the card's status (locked while a lost request waits for a manager), the contract,
// the delivery, and the dates aftercare follows (warranty, insurance).
export function StatusValueFields({
  control,
  storedStatus,
}: {
  control: CustomerFormControl;
  /** The card's stored status (null for a new card): it decides what may be picked here. */
  storedStatus: CustomerStatus | null;
}) {
  const { t } = useTranslation();
  const lock = statusLock(storedStatus);
  return (
    <Card title={t('card.groups.value')} size="small">
      <Row gutter={16}>
        <Col span={6}>
          <FormField
            control={control}
            name="status"
            label={t('card.status')}
            help={lock ? t(`card.statusLocked.${lock}`) : undefined}
            render={(field) => (
              <Select
                {...field}
                disabled={lock !== null}
                options={enumOptions(t, 'enum.status', statusesOfferedByHand(storedStatus))}
              />
            )}
          />
        </Col>
        <Col span={6}>
          <NumberField control={control} name="contractAmount" label={t('card.contractAmount')} />
        </Col>
        <Col span={6}>
          <DayField control={control} name="deliveryDate" label={t('card.deliveryDate')} />
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
          <DayField control={control} name="warrantyExpiry" label={t('card.warrantyExpiry')} />
        </Col>
        <Col span={6}>
          <DayField control={control} name="insuranceExpiry" label={t('card.insuranceExpiry')} />
        </Col>
        <Col span={12}>
          <TextField control={control} name="potentialNeeds" label={t('card.potentialNeeds')} />
        </Col>
      </Row>
    </Card>
  );
}

// 标签与备注: free tags (typed, split on either comma) and notes.
export function TagsNotesFields({ control }: { control: CustomerFormControl }) {
  const { t } = useTranslation();
  return (
    <Card title={t('card.groups.tagsNotes')} size="small">
      <FormField
        control={control}
        name="tags"
        label={t('card.tags')}
        render={(field) => (
          <Select
            {...field}
            mode="tags"
            tokenSeparators={[',', '，']}
            placeholder={t('card.tagsPlaceholder')}
            open={false}
            suffixIcon={null}
          />
        )}
      />
      <FormField
        control={control}
        name="notes"
        label={t('card.notes')}
        render={(field) => <Input.TextArea {...field} autoSize={{ minRows: 3, maxRows: 10 }} />}
      />
    </Card>
  );
}
