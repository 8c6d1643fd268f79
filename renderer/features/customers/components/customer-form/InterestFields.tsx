// 意向车型: the car the customer wants, the budget, how they pay, what they trade in and compare.

import { Card, Col, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { PAYMENT_METHODS, PURCHASE_PURPOSES } from '../../../../../shared/domain/customer';
import { enumOptions } from '../../../../ui/enum-options';
import { FormField } from '../../../../ui/FormField';
import { NumberInput, TextField, type CustomerFormControl } from './form-inputs';

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
          <FormField
            control={control}
            name="budgetMin"
            label={`${t('card.budget')} · ${t('card.budgetMin')}`}
            render={(field) => <NumberInput field={field} />}
          />
        </Col>
        <Col span={6}>
          <FormField
            control={control}
            name="budgetMax"
            label={`${t('card.budget')} · ${t('card.budgetMax')}`}
            render={(field) => <NumberInput field={field} />}
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
