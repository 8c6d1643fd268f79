// Plan a follow-up: when, how (channel), why (purpose). The date is pre-filled by the cadence.

import { zodResolver } from '@hookform/resolvers/zod';
import { App, Form, Input, Modal } from 'antd';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useWriteContext } from '../../../state/useWriteContext';
import { planFollowUp } from '../../../db/follow-ups-repo';
import { FormField } from '../../../ui/FormField';
import { followUpPlanSchema, type FollowUpPlanValues } from '../../../../shared/domain/schemas';
import { ChannelSelect, DueAtInput } from '../../../ui/FollowUpInputs';
import { useReportError } from '../../../ui/useReportError';

type PlanFollowUpModalProps = {
  customerId: string;
  customerName: string;
  proposedAt: Date;
  open: boolean;
  onClose: () => void;
};

export function PlanFollowUpModal({
  customerId,
  customerName,
  proposedAt,
  open,
  onClose,
}: PlanFollowUpModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState, reset } = useForm<FollowUpPlanValues>({
    resolver: zodResolver(followUpPlanSchema),
    defaultValues: { dueAt: proposedAt, channel: 'phone', purpose: '' },
  });
  const submit = handleSubmit(async (values) => {
    try {
      await planFollowUp(ctx, customerId, values);
      message.success(t('followUps.planned'));
      reset();
      onClose();
    } catch (error) {
      reportError(error);
    }
  });
  return (
    <Modal
      open={open}
      title={`${t('followUps.planTitle')} · ${customerName}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={formState.isSubmitting}
      destroyOnHidden
    >
      <Form layout="vertical" component={false}>
        <FollowUpPlanFields control={control} />
      </Form>
    </Modal>
  );
}

type PlanControl = ReturnType<typeof useForm<FollowUpPlanValues>>['control'];

export function FollowUpPlanFields({ control }: { control: PlanControl }) {
  const { t } = useTranslation();
  return (
    <>
      <FormField
        idPrefix="plan"
        control={control}
        name="dueAt"
        label={t('followUps.dueAt')}
        required
        render={(field) => <DueAtInput field={field} />}
      />
      <FormField
        idPrefix="plan"
        control={control}
        name="channel"
        label={t('followUps.channel')}
        required
        render={(field) => <ChannelSelect field={field} />}
      />
      <FormField
        idPrefix="plan"
        control={control}
        name="purpose"
        label={t('followUps.purpose')}
        required
        render={(field) => <Input {...field} maxLength={200} />}
      />
    </>
  );
}
