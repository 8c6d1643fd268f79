// The customer card form: every field group of the customer card. Grade and intent level are shown
// live as the facts change but never typed. Invalid input is marked next to the field and nothing
// typed is thrown away.

import { zodResolver } from '@hookform/resolvers/zod';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import { useFieldArray, useForm, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormField } from '../../../ui/FormField';
import { useFormDraft } from '../../../ui/useFormDraft';
import {
  CUSTOMER_KINDS,
  CUSTOMER_SOURCES,
  GENDERS,
  PAYMENT_METHODS,
  PURCHASE_PURPOSES,
} from '../../../../shared/domain/customer';
import { localDay } from '../../../../shared/domain/dates';
import {
  INTENT_LEVELS,
  expectedDateForLevel,
  intentLevel,
  type IntentThresholds,
} from '../../../../shared/domain/intent';
import { qualificationGrade } from '../../../../shared/domain/qualification';
import { phoneProblem } from '../../../../shared/domain/phone';
import { customerFormSchema, type CustomerFormValues } from '../../../../shared/domain/schemas';
import { GradeTag, IntentTag } from '../../../ui/CustomerBadges';
import { DuplicatePhoneWarning } from './DuplicatePhoneWarning';
import { FactCheckbox, QUALIFICATION_FACTS } from './FactCheckbox';

type CustomerFormProps = {
  initialValues: CustomerFormValues;
  /** Where unsaved input is kept while typing (see useFormDraft). */
  draftKey: string;
  customerId?: string;
  thresholds: IntentThresholds;
  submitLabel: string;
  /** While a lost request is pending (or approved) only the manager changes the status. */
  statusLocked?: boolean;
  /** Resolves true when the card was saved (errors are reported by the caller). */
  onSubmit: (values: CustomerFormValues) => Promise<boolean>;
  onInvalid?: () => void;
  /** Told whether the user has unsaved edits (or a save is running). */
  onEditingChange?: (editing: boolean) => void;
};

const EDITABLE_STATUSES = ['new', 'following', 'ordered', 'delivered'] as const;

export function CustomerForm({
  initialValues,
  draftKey,
  customerId,
  thresholds,
  submitLabel,
  statusLocked = false,
  onSubmit,
  onInvalid,
  onEditingChange,
}: CustomerFormProps) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const {
    control,
    handleSubmit,
    setValue,
    trigger,
    watch,
    reset,
    formState: { isDirty },
  } = useForm<CustomerFormValues>({
    resolver: zodResolver(customerFormSchema),
    defaultValues: initialValues,
    mode: 'onTouched',
  });
  const editing = isDirty || saving;
  useEffect(() => onEditingChange?.(editing), [editing, onEditingChange]);
  useFormDraft(draftKey, watch);
  const phones = useFieldArray({ control, name: 'phones' });
  const [kind, source] = useWatch({ control, name: ['kind', 'source'] });

  const submit = handleSubmit(
    async (values) => {
      setSaving(true);
      try {
        // Saved: what is on screen is now the card's data, no longer an edit.
        if (await onSubmit(values)) reset(values);
      } finally {
        setSaving(false);
      }
    },
    () => onInvalid?.(),
  );

  const text = (name: TextFieldName | 'name', label: ReactNode, required = false) => (
    <FormField
      control={control}
      name={name}
      label={label}
      required={required}
      render={(field) => <Input {...field} />}
    />
  );

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <Form layout="vertical" component={false}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
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
                      options={CUSTOMER_KINDS.map((value) => ({
                        value,
                        label: t(`card.kinds.${value}`),
                      }))}
                    />
                  )}
                />
              </Col>
              <Col span={8}>{text('name', t('card.name'), true)}</Col>
              <Col span={8}>
                <FormField
                  control={control}
                  name="gender"
                  label={t('card.gender')}
                  render={(field) => (
                    <Radio.Group
                      {...field}
                      options={GENDERS.map((value) => ({
                        value,
                        label: t(`card.genders.${value}`),
                      }))}
                    />
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
              <Col span={8}>{text('wechatId', t('card.wechatId'))}</Col>
              <Col span={8}>{text('city', t('card.city'))}</Col>
              <Col span={8}>{text('district', t('card.district'))}</Col>
              <Col span={16}>{text('company', t('card.company'), kind === 'company')}</Col>
              <Col span={8}>
                <FormField
                  control={control}
                  name="birthday"
                  label={t('card.birthday')}
                  render={(field) => <DayInput field={field} />}
                />
              </Col>
            </Row>
          </Card>

          <Card title={t('card.groups.source')} size="small">
            <Row gutter={16}>
              <Col span={8}>
                <FormField
                  control={control}
                  name="source"
                  label={t('card.source')}
                  required
                  render={(field) => (
                    <Select
                      {...field}
                      options={CUSTOMER_SOURCES.map((value) => ({
                        value,
                        label: t(`enum.source.${value}`),
                      }))}
                    />
                  )}
                />
              </Col>
              <Col span={16}>
                {text(
                  'sourceDetail',
                  t(`card.sourceDetailHint.${source}`),
                  source === 'referral' || source === 'event' || source === 'other',
                )}
              </Col>
            </Row>
          </Card>

          <Card title={t('card.groups.interest')} size="small">
            <Row gutter={16}>
              <Col span={6}>{text('brand', t('card.brand'))}</Col>
              <Col span={6}>{text('model', t('card.model'))}</Col>
              <Col span={6}>{text('trim', t('card.trim'))}</Col>
              <Col span={6}>{text('colour', t('card.colour'))}</Col>
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
                      options={PAYMENT_METHODS.map((value) => ({
                        value,
                        label: t(`enum.payment.${value}`),
                      }))}
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
                      options={PURCHASE_PURPOSES.map((value) => ({
                        value,
                        label: t(`enum.purpose.${value}`),
                      }))}
                    />
                  )}
                />
              </Col>
              <Col span={12}>{text('tradeIn', t('card.tradeIn'))}</Col>
              <Col span={12}>{text('competitors', t('card.competitors'))}</Col>
            </Row>
          </Card>

          <Card title={t('card.groups.qualification')} size="small">
            <QualificationFields
              control={control}
              thresholds={thresholds}
              onQuickIntent={(level) =>
                setValue(
                  'expectedPurchaseDate',
                  expectedDateForLevel(level, localDay(new Date()), thresholds),
                  { shouldDirty: true },
                )
              }
            />
          </Card>

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
                      options={EDITABLE_STATUSES.map((value) => ({
                        value,
                        label: t(`enum.status.${value}`),
                      }))}
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
              <Col span={12}>{text('potentialNeeds', t('card.potentialNeeds'))}</Col>
            </Row>
          </Card>

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
              render={(field) => (
                <Input.TextArea {...field} autoSize={{ minRows: 3, maxRows: 10 }} />
              )}
            />
          </Card>

          <Button type="primary" htmlType="submit" loading={saving} size="large">
            {submitLabel}
          </Button>
        </Space>
      </Form>
    </form>
  );
}

type TextFieldName =
  | 'wechatId'
  | 'city'
  | 'district'
  | 'company'
  | 'sourceDetail'
  | 'brand'
  | 'model'
  | 'trim'
  | 'colour'
  | 'tradeIn'
  | 'competitors'
  | 'potentialNeeds';

function PhoneDuplicate({
  control,
  index,
  customerId,
}: {
  control: Control<CustomerFormValues>;
  index: number;
  customerId: string | undefined;
}) {
  const phone = useWatch({ control, name: `phones.${index}.number` });
  return <DuplicatePhoneWarning phone={phone ?? ''} excludeCustomerId={customerId} />;
}

function QualificationFields({
  control,
  thresholds,
  onQuickIntent,
}: {
  control: Control<CustomerFormValues>;
  thresholds: IntentThresholds;
  onQuickIntent: (level: (typeof INTENT_LEVELS)[number]) => void;
}) {
  const { t } = useTranslation();
  const [hasConfidence, hasNeed, hasPurchasingPower, expected] = useWatch({
    control,
    name: ['hasConfidence', 'hasNeed', 'hasPurchasingPower', 'expectedPurchaseDate'],
  });
  const grade = qualificationGrade({ hasConfidence, hasNeed, hasPurchasingPower });
  const level = intentLevel(expected, localDay(new Date()), thresholds);
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Typography.Text strong>{t('card.facts')}</Typography.Text>
        {QUALIFICATION_FACTS.map((name) => (
          <FormField
            key={name}
            control={control}
            name={name}
            render={(field) => <FactCheckbox field={field} />}
          />
        ))}
        <Space>
          <Typography.Text>{t('card.grade')}:</Typography.Text>
          <span data-testid="computed-grade">
            <GradeTag grade={grade} />
          </span>
        </Space>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
          {t('card.gradeHint')}
        </Typography.Paragraph>
      </Col>
      <Col span={12}>
        <FormField
          control={control}
          name="expectedPurchaseDate"
          label={t('card.expectedPurchaseDate')}
          render={(field) => <DayInput field={field} />}
        />
        <Space wrap style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('card.intentQuick')}:</Typography.Text>
          {INTENT_LEVELS.map((value) => (
            <Button key={value} size="small" onClick={() => onQuickIntent(value)}>
              {t(`enum.intent.${value}`)}
            </Button>
          ))}
        </Space>
        <div>
          <Space>
            <Typography.Text>{t('card.intentLevel')}:</Typography.Text>
            <span data-testid="computed-intent">
              <IntentTag level={level} />
            </span>
          </Space>
        </div>
      </Col>
    </Row>
  );
}

type ValueField<Value> = {
  id: string;
  value: Value;
  onChange: (value: Value) => void;
  onBlur: () => void;
};

/** A calendar day stored as "YYYY-MM-DD" (or null) edited with a date picker. */
function DayInput({ field }: { field: ValueField<string | null> }) {
  return (
    <DatePicker
      id={field.id}
      value={field.value ? dayjs(field.value) : null}
      onChange={(value) => field.onChange(value ? value.format('YYYY-MM-DD') : null)}
      onBlur={field.onBlur}
      style={{ width: '100%' }}
    />
  );
}

function NumberInput({ field }: { field: ValueField<number | null> }) {
  return (
    <InputNumber
      id={field.id}
      value={field.value}
      onChange={(value) => field.onChange(typeof value === 'number' ? value : null)}
      onBlur={field.onBlur}
      style={{ width: '100%' }}
    />
  );
}
