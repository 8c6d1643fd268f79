// 满意度调查 form: the seven sales-process indicators (1–5), expectation and perception (1–10)
// with C = perceived / expected shown as it is picked, the loyalty signs, and the customer's words.
// Opened from the card, or from the day-7 survey call, which saving the survey completes.

import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  App,
  Checkbox,
  ConfigProvider,
  Divider,
  Form,
  Input,
  Modal,
  Radio,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useWriteContext } from '../../../state/useWriteContext';
import { recordSurvey } from '../../../db/surveys-repo';
import { FormField } from '../../../ui/FormField';
import { useReportError } from '../../../ui/useReportError';
import {
  EMPTY_SURVEY_FORM,
  surveyFormSchema,
  type SurveyFormInput,
  type SurveyFormValues,
} from '../../../../shared/domain/post-delivery-schemas';
import type { Customer } from '../../../../shared/domain/customer';
import type { FollowUp } from '../../../../shared/domain/follow-up';
import {
  LOYALTY_INTENTS,
  SURVEY_INDICATORS,
  satisfactionRatio,
  type LoyaltyIntent,
} from '../../../../shared/domain/survey';
import { formatPercent, satisfactionColour } from '../satisfaction-table';
import { ScaleInput } from './ScaleInput';
import { enumOptions } from '../../../ui/enum-options';

type SurveyModalProps = {
  customer: Pick<Customer, 'id' | 'name'>;
  /** The planned day-7 survey call this survey may complete. */
  surveyCall: FollowUp | null;
  /**
   * 'call': opened from completing that call, so saving completes it. 'card': opened from the
   * card, where completing a waiting call is offered (and ticked).
   */
  origin: 'call' | 'card';
  /** `saved` tells the caller whether a survey was recorded (a call flow then closes too). */
  onClose: (saved: boolean) => void;
};

export function SurveyModal({ customer, surveyCall, origin, onClose }: SurveyModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const [completeCall, setCompleteCall] = useState(true);
  const { control, handleSubmit, formState } = useForm<SurveyFormInput, unknown, SurveyFormValues>({
    resolver: zodResolver(surveyFormSchema),
    defaultValues: EMPTY_SURVEY_FORM,
  });
  const [expectation, perception] = useWatch({ control, name: ['expectation', 'perception'] });
  const ratio =
    expectation !== null && perception !== null
      ? satisfactionRatio({ expectation, perception })
      : null;
  const completesCall = surveyCall !== null && (origin === 'call' || completeCall);

  const submit = handleSubmit(
    async (values) => {
      try {
        await recordSurvey(ctx, customer.id, values, {
          followUpId: completesCall ? surveyCall.id : null,
        });
        message.success(t('survey.saved'));
        onClose(true);
      } catch (error) {
        reportError(error);
      }
    },
    () => message.warning(t('survey.fixErrors')),
  );

  const intentOptions = enumOptions(t, 'survey.intents', LOYALTY_INTENTS);

  return (
    <Modal
      open
      width={760}
      title={t('survey.recordTitle', { name: customer.name })}
      okText={t('survey.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      confirmLoading={formState.isSubmitting}
      data-testid="survey-modal"
    >
      <Typography.Paragraph type="secondary">{t('survey.intro')}</Typography.Paragraph>
      {surveyCall && origin === 'call' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('survey.completesCall', {
            dueAt: dayjs(surveyCall.dueAt).format('YYYY-MM-DD HH:mm'),
          })}
        />
      ) : null}
      {/* Eleven scales on one screen: rows closer than a form's default, read top to bottom. */}
      <ConfigProvider theme={{ components: { Form: { itemMarginBottom: 12 } } }}>
        <Form
          layout="horizontal"
          component={false}
          labelCol={{ flex: '190px' }}
          labelAlign="left"
          labelWrap
          colon={false}
        >
          <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
            {t('survey.indicatorsTitle')}
          </Divider>
          {SURVEY_INDICATORS.map((indicator) => (
            <FormField
              key={indicator}
              idPrefix="survey"
              control={control}
              name={indicator}
              label={t(`survey.indicators.${indicator}`)}
              required
              render={(field) => (
                <ScaleInput field={field} max={5} label={t(`survey.indicators.${indicator}`)} />
              )}
            />
          ))}
          <Divider titlePlacement="start" plain>
            {t('survey.overallTitle')}
          </Divider>
          <FormField
            idPrefix="survey"
            control={control}
            name="expectation"
            label={t('survey.expectation')}
            required
            render={(field) => (
              <ScaleInput field={field} max={10} label={t('survey.expectation')} />
            )}
          />
          <FormField
            idPrefix="survey"
            control={control}
            name="perception"
            label={t('survey.perception')}
            required
            render={(field) => <ScaleInput field={field} max={10} label={t('survey.perception')} />}
          />
          <Form.Item label={t('survey.satisfaction')}>
            <span data-testid="survey-live-satisfaction">
              {ratio === null || expectation === null || perception === null ? (
                <Typography.Text type="secondary">
                  {t('survey.satisfactionPending')}
                </Typography.Text>
              ) : (
                <>
                  <Tag color={satisfactionColour(ratio)} style={{ fontSize: 14 }}>
                    {formatPercent(ratio)}
                  </Tag>
                  <Typography.Text type="secondary">
                    {t('survey.satisfactionFormula', { perception, expectation })}
                  </Typography.Text>
                </>
              )}
            </span>
          </Form.Item>
          <Divider titlePlacement="start" plain>
            {t('survey.loyaltyTitle')}
          </Divider>
          <FormField
            idPrefix="survey"
            control={control}
            name="repurchaseIntent"
            label={t('survey.repurchaseIntent')}
            required
            render={(field) => (
              <IntentInput
                field={field}
                options={intentOptions}
                label={t('survey.repurchaseIntent')}
              />
            )}
          />
          <FormField
            idPrefix="survey"
            control={control}
            name="referralIntent"
            label={t('survey.referralIntent')}
            required
            render={(field) => (
              <IntentInput
                field={field}
                options={intentOptions}
                label={t('survey.referralIntent')}
              />
            )}
          />
          <FormField
            idPrefix="survey"
            control={control}
            name="comment"
            label={t('survey.comment')}
            render={(field) => (
              <Input.TextArea
                {...field}
                autoSize={{ minRows: 2, maxRows: 5 }}
                maxLength={2000}
                placeholder={t('survey.commentPlaceholder')}
              />
            )}
          />
        </Form>
      </ConfigProvider>
      {surveyCall && origin === 'card' ? (
        <Checkbox
          checked={completeCall}
          onChange={(event) => setCompleteCall(event.target.checked)}
          data-testid="survey-complete-call"
        >
          {t('survey.completeCallToo', {
            dueAt: dayjs(surveyCall.dueAt).format('YYYY-MM-DD HH:mm'),
          })}
        </Checkbox>
      ) : null}
    </Modal>
  );
}

type IntentField = {
  id: string;
  value: LoyaltyIntent | null;
  onChange: (value: LoyaltyIntent) => void;
  onBlur: () => void;
};

function IntentInput({
  field,
  options,
  label,
}: {
  field: IntentField;
  options: { value: LoyaltyIntent; label: string }[];
  label: string;
}) {
  return (
    <Radio.Group
      id={field.id}
      aria-label={label}
      value={field.value}
      onChange={(event) => field.onChange(event.target.value)}
      onBlur={field.onBlur}
      optionType="button"
      buttonStyle="solid"
      options={options}
    />
  );
}
