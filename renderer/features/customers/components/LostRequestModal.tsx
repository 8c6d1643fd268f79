// 申请战败: a consultant asks to mark a customer lost, with the reason and the competitor bought.

import { zodResolver } from '@hookform/resolvers/zod';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useWriteContext } from '../../../state/useWriteContext';
import { requestLost } from '../../../db/customers-repo';
import { FormField } from '../../../ui/FormField';
import { lostRequestSchema, type LostRequestValues } from '../../../../shared/domain/schemas';
import { useReportError } from '../../../ui/useReportError';

export function LostRequestModal({
  customerId,
  open,
  onClose,
}: {
  customerId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState } = useForm<LostRequestValues>({
    resolver: zodResolver(lostRequestSchema),
    defaultValues: { reason: '', competitorBought: '' },
  });
  const submit = handleSubmit(async (values) => {
    try {
      await requestLost(ctx, customerId, values);
      message.success(t('lost.submitted'));
      onClose();
    } catch (error) {
      reportError(error);
    }
  });
  return (
    <Modal
      open={open}
      title={t('lost.title')}
      okText={t('lost.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={formState.isSubmitting}
      okButtonProps={{ danger: true }}
    >
      <Typography.Paragraph type="secondary">{t('lost.intro')}</Typography.Paragraph>
      <Form layout="vertical" component={false}>
        <FormField
          control={control}
          name="reason"
          label={t('lost.reason')}
          required
          render={(field) => <Input.TextArea {...field} autoSize={{ minRows: 3 }} />}
        />
        <FormField
          control={control}
          name="competitorBought"
          label={t('lost.competitorBought')}
          render={(field) => <Input {...field} />}
        />
      </Form>
    </Modal>
  );
}
