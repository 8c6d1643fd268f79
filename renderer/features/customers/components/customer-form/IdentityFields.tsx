// 身份: who the customer is and how to reach them (up to five phone numbers, each checked against
// the cards already held).

import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, Radio, Row, Space } from 'antd';
import { useFieldArray, useWatch, type UseFormTrigger } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_KINDS, GENDERS } from '../../../../../shared/domain/customer';
import { phoneProblem } from '../../../../../shared/domain/phone';
import type { CustomerFormValues } from '../../../../../shared/domain/schemas';
import { enumOptions } from '../../../../ui/enum-options';
import { FormField } from '../../../../ui/FormField';
import { DuplicatePhoneWarning } from '../DuplicatePhoneWarning';
import { DayField, TextField, type CustomerFormControl } from './form-inputs';

export function IdentityFields({
  control,
  trigger,
  customerId,
}: {
  control: CustomerFormControl;
  trigger: UseFormTrigger<CustomerFormValues>;
  customerId: string | undefined;
}) {
  const { t } = useTranslation();
  const phones = useFieldArray({ control, name: 'phones' });
  const kind = useWatch({ control, name: 'kind' });
  return (
    <Card title={t('card.groups.identity')} size="small">
      <Row gutter={16}>
        <Col span={8}>
          <FormField
            control={control}
            name="kind"
            label={t('card.kind')}
            render={(field) => (
              <Radio.Group
                {...field}
                optionType="button"
                options={enumOptions(t, 'card.kinds', CUSTOMER_KINDS)}
              />
            )}
          />
        </Col>
        <Col span={8}>
          <TextField control={control} name="name" label={t('card.name')} required />
        </Col>
        <Col span={8}>
          <FormField
            control={control}
            name="gender"
            label={t('card.gender')}
            render={(field) => (
              <Radio.Group {...field} options={enumOptions(t, 'card.genders', GENDERS)} />
            )}
          />
        </Col>
      </Row>
      <Form.Item label={t('card.phones')} required style={{ marginBottom: 8 }}>
        {phones.fields.map((item, index) => (
          <div key={item.id} style={{ marginBottom: 4 }}>
            <Space align="start">
              <FormField
                control={control}
                name={`phones.${index}.number`}
                render={(field) => (
                  <Input
                    {...field}
                    onChange={(event) => {
                      field.onChange(event);
                      // Letters are never part of a phone number: say so at once, not on blur.
                      if (phoneProblem(event.target.value) === 'not_digits') {
                        void trigger(`phones.${index}.number`);
                      }
                    }}
                    inputMode="tel"
                    placeholder="138 0013 8000"
                    aria-label={`${t('card.phones')} ${index + 1}`}
                    style={{ width: 240 }}
                  />
                )}
              />
              {phones.fields.length > 1 ? (
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('common.remove')}
                  onClick={() => phones.remove(index)}
                />
              ) : null}
            </Space>
            <PhoneDuplicate control={control} index={index} customerId={customerId} />
          </div>
        ))}
        {phones.fields.length < 5 ? (
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => phones.append({ number: '' })}
          >
            {t('card.addPhone')}
          </Button>
        ) : null}
      </Form.Item>
      <Row gutter={16}>
        <Col span={8}>
          <TextField control={control} name="wechatId" label={t('card.wechatId')} />
        </Col>
        <Col span={8}>
          <TextField control={control} name="city" label={t('card.city')} />
        </Col>
        <Col span={8}>
          <TextField control={control} name="district" label={t('card.district')} />
        </Col>
        <Col span={16}>
          <TextField
            control={control}
            name="company"
            label={t('card.company')}
            required={kind === 'company'}
          />
        </Col>
        <Col span={8}>
          <DayField control={control} name="birthday" label={t('card.birthday')} />
        </Col>
      </Row>
    </Card>
  );
}

function PhoneDuplicate({
  control,
  index,
  customerId,
}: {
  control: CustomerFormControl;
  index: number;
  customerId: string | undefined;
}) {
  const phone = useWatch({ control, name: `phones.${index}.number` });
  return <DuplicatePhoneWarning phone={phone ?? ''} excludeCustomerId={customerId} />;
}
