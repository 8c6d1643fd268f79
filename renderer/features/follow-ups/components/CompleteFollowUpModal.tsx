// Complete a follow-up: outcome and what was said, a re-assessed intent level, and the next
// follow-up proposed by the cadence of that level, so a customer is never left without a plan.

import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Radio, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useWriteContext } from '../../../state/useWriteContext';
import { completeFollowUp } from '../../../db/follow-ups-repo';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { FormField } from '../../../ui/FormField';
import { cadenceDays, proposeNextFollowUpAt } from '../../../../shared/domain/cadence';
import type { Customer } from '../../../../shared/domain/customer';
import { FOLLOW_UP_OUTCOMES, type FollowUp } from '../../../../shared/domain/follow-up';
import { INTENT_LEVELS } from '../../../../shared/domain/intent';
import {
  proposeFollowUpPurpose,
  SALES_PURPOSE_CODES,
} from '../../../../shared/domain/next-follow-up';
import {
  followUpCompletionSchema,
  type FollowUpCompletionValues,
} from '../../../../shared/domain/schemas';
import { DEFAULT_DEALERSHIP_SETTINGS } from '../../../../shared/domain/settings';
import { SurveyModal } from '../../satisfaction';
import { ChannelSelect, DueAtInput } from '../../../ui/FollowUpInputs';
import { useReportError } from '../../../ui/useReportError';
import { enumOptions } from '../../../ui/enum-options';
import { useCurrentIntent } from '../../../ui/useCurrentIntent';

type CompleteFollowUpModalProps = {
  followUp: FollowUp;
  customer: Customer;
  onClose: () => void;
};

export function CompleteFollowUpModal({ followUp, customer, onClose }: CompleteFollowUpModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const settings = useDealershipSettings() ?? DEFAULT_DEALERSHIP_SETTINGS;
  const intentOf = useCurrentIntent();
  // The day-7 call is answered by the satisfaction survey, which completes the call itself.
  const [surveying, setSurveying] = useState(false);
  const subjectAfter = (level: FollowUpCompletionValues['intentLevel']) => ({
    status: customer.status === 'new' ? ('following' as const) : customer.status,
    intentLevel: level ?? intentOf(customer),
  });
  // The purpose is proposed from the stage the customer will be in, in the reader's words.
  const proposedPurpose = (level: FollowUpCompletionValues['intentLevel']) => {
    const code = proposeFollowUpPurpose(subjectAfter(level));
    return code ? t(`followUps.systemPurposes.${code}`) : '';
  };
  const { control, handleSubmit, formState, setValue, getFieldState } =
    useForm<FollowUpCompletionValues>({
      resolver: zodResolver(followUpCompletionSchema),
      defaultValues: {
        outcome: 'contacted',
        result: '',
        intentLevel: null,
        planNext: true,
        next: {
          dueAt: proposeNextFollowUpAt(subjectAfter(null), new Date(), settings.cadence),
          channel: followUp.channel,
          purpose: proposedPurpose(null),
        },
      },
    });
  const [level, planNext] = useWatch({ control, name: ['intentLevel', 'planNext'] });
  const subject = subjectAfter(level);
  const days = cadenceDays(subject, settings.cadence);

  // A re-assessed level re-proposes the date, unless the consultant already picked one.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (!getFieldState('next.purpose').isDirty) setValue('next.purpose', proposedPurpose(level));
    if (getFieldState('next.dueAt').isDirty) return;
    setValue('next.dueAt', proposeNextFollowUpAt(subject, new Date(), settings.cadence));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-propose only when the level changes
  }, [level]);

  const submit = handleSubmit(async (values) => {
    try {
      // A proposal kept as offered is stored as its code, so every reader sees it translated.
      const code = SALES_PURPOSE_CODES.find(
        (candidate) => t(`followUps.systemPurposes.${candidate}`) === values.next.purpose.trim(),
      );
      await completeFollowUp(
        ctx,
        followUp.id,
        code ? { ...values, next: { ...values.next, purpose: code } } : values,
      );
      message.success(t('followUps.completed'));
      onClose();
    } catch (error) {
      reportError(error);
    }
  });

  if (surveying) {
    return (
      <SurveyModal
        customer={customer}
        surveyCall={followUp}
        origin="call"
        onClose={(saved) => (saved ? onClose() : setSurveying(false))}
      />
    );
  }

  return (
    <Modal
      open
      width={620}
      title={t('followUps.completeTitle', { name: customer.name })}
      okText={t('followUps.complete')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={formState.isSubmitting}
    >
      {followUp.kind === 'survey_call' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('survey.callTitle')}
          description={t('survey.callHint')}
          action={
            <Button type="primary" onClick={() => setSurveying(true)}>
              {t('survey.openSurvey')}
            </Button>
          }
          data-testid="survey-call-offer"
        />
      ) : null}
      <Form layout="vertical" component={false}>
        <FormField
          idPrefix="complete"
          control={control}
          name="outcome"
          label={t('followUps.outcome')}
          required
          render={(field) => (
            <Radio.Group
              {...field}
              optionType="button"
              options={enumOptions(t, 'followUps.outcomes', FOLLOW_UP_OUTCOMES)}
            />
          )}
        />
        <FormField
          idPrefix="complete"
          control={control}
          name="result"
          label={t('followUps.result')}
          required
          render={(field) => (
            <Input.TextArea
              {...field}
              autoSize={{ minRows: 3 }}
              placeholder={t('followUps.resultPlaceholder')}
            />
          )}
        />
        <FormField
          idPrefix="complete"
          control={control}
          name="intentLevel"
          label={t('followUps.intentAfter')}
          render={(field) => (
            <Radio.Group
              id={field.id}
              value={field.value ?? 'unchanged'}
              onChange={(event) =>
                field.onChange(event.target.value === 'unchanged' ? null : event.target.value)
              }
              options={[
                { value: 'unchanged', label: t('followUps.intentUnchanged') },
                ...enumOptions(t, 'enum.intentShort', INTENT_LEVELS),
              ]}
            />
          )}
        />
        <FormField
          idPrefix="complete"
          control={control}
          name="planNext"
          render={(field) => (
            <Checkbox
              id={field.id}
              checked={field.value}
              onChange={(event) => field.onChange(event.target.checked)}
            >
              {t('followUps.planNext')}
            </Checkbox>
          )}
        />
        {planNext ? (
          <>
            {days !== null && subject.intentLevel ? (
              <Typography.Paragraph type="secondary" data-testid="cadence-hint">
                {t('followUps.nextProposed', { level: subject.intentLevel, days })}
              </Typography.Paragraph>
            ) : null}
            <FormField
              idPrefix="complete"
              control={control}
              name="next.dueAt"
              label={t('followUps.dueAt')}
              required
              render={(field) => <DueAtInput field={field} />}
            />
            <FormField
              idPrefix="complete"
              control={control}
              name="next.channel"
              label={t('followUps.channel')}
              render={(field) => <ChannelSelect field={field} />}
            />
            <FormField
              idPrefix="complete"
              control={control}
              name="next.purpose"
              label={t('followUps.purpose')}
              required
              render={(field) => <Input {...field} maxLength={200} />}
            />
          </>
        ) : (
          <Typography.Paragraph type="warning">{t('followUps.noNext')}</Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}
