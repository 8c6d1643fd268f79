// 登记投诉: category, what the customer complains about, and when it came in (now unless told
// otherwise). The two deadlines — first contact in 3 working days, a result in 5 — are shown as the
// time is picked, so the consultant can promise them on the phone.

import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useWriteContext } from '../../../state/useWriteContext';
import { logComplaint } from '../../../db/complaints-repo';
import { FormField } from '../../../ui/FormField';
import { useReportError } from '../../../ui/useReportError';
import {
  complaintFormSchema,
  type ComplaintFormInput,
  type ComplaintFormValues,
} from '../../../../shared/domain/post-delivery-schemas';
import { COMPLAINT_CATEGORIES, complaintDueDates } from '../../../../shared/domain/complaint';
import type { Customer } from '../../../../shared/domain/customer';
import { holidayCalendarLastYear } from '../../../../shared/domain/working-days';
import { DueAtInput } from '../../../ui/FollowUpInputs';
import { enumOptions } from '../../../ui/enum-options';

export function ComplaintFormModal({
  customer,
  onClose,
}: {
  customer: Pick<Customer, 'id' | 'name'>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState } = useForm<
    ComplaintFormInput,
    unknown,
    ComplaintFormValues
  >({
    resolver: zodResolver(complaintFormSchema),
    defaultValues: { category: null, description: '', receivedAt: new Date() },
  });
  const receivedAt = useWatch({ control, name: 'receivedAt' });
  const due = receivedAt ? complaintDueDates(receivedAt) : null;

  const submit = handleSubmit(async (values) => {
    try {
      await logComplaint(ctx, customer.id, values);
      message.success(t('complaints.logged'));
      onClose();
    } catch (error) {
      reportError(error);
    }
  });

  return (
    <Modal
      open
      width={620}
      title={t('complaints.logTitle', { name: customer.name })}
      okText={t('complaints.logSave')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={formState.isSubmitting}
    >
      <Form layout="vertical" component={false}>
        <FormField
          idPrefix="complaint"
          control={control}
          name="category"
          label={t('complaints.category')}
          required
          render={(field) => (
            <Select
              id={field.id}
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              placeholder={t('complaints.categoryPlaceholder')}
              options={enumOptions(t, 'complaints.categories', COMPLAINT_CATEGORIES)}
            />
          )}
        />
        <FormField
          idPrefix="complaint"
          control={control}
          name="description"
          label={t('complaints.description')}
          required
          render={(field) => (
            <Input.TextArea
              {...field}
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={2000}
              placeholder={t('complaints.descriptionPlaceholder')}
            />
          )}
        />
        <FormField
          idPrefix="complaint"
          control={control}
          name="receivedAt"
          label={t('complaints.receivedAt')}
          required
          render={(field) => <DueAtInput field={field} />}
        />
      </Form>
      {due ? (
        <Alert
          type="info"
          showIcon
          data-testid="complaint-deadlines"
          title={t('complaints.deadlinesHint', {
            firstContact: dayjs(due.firstContactDueAt).format('YYYY-MM-DD HH:mm'),
            result: dayjs(due.resultDueAt).format('YYYY-MM-DD HH:mm'),
          })}
          description={t('complaints.workingDaysNote', { lastYear: holidayCalendarLastYear() })}
        />
      ) : null}
    </Modal>
  );
}
