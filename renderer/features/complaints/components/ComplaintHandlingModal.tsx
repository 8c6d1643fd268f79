// 处理投诉: the complaint and its deadlines, the first call back (one click, it stamps the time),
// the four handling steps (倾听, 安抚, 共情, 行动) and the resolution. "Save" keeps the steps for
// later; "Resolve" needs a resolution and closes the complaint.

import { zodResolver } from '@hookform/resolvers/zod';
import { App, Button, Descriptions, Divider, Form, Input, Modal, Space, Typography } from 'antd';
import { CheckCircleTwoTone, PhoneOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import dayjs from 'dayjs';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useWriteContext } from '../../../state/useWriteContext';
import { db } from '../../../db/db';
import { readComplaint } from '../../../db/complaint-queries';
import {
  recordFirstContact,
  resolveComplaint,
  saveHandlingSteps,
} from '../../../db/complaints-repo';
import { FormField } from '../../../ui/FormField';
import { useReportError } from '../../../ui/useReportError';
import {
  complaintHandlingSchema,
  type ComplaintHandlingValues,
} from '../../../../shared/domain/post-delivery-schemas';
import {
  HANDLING_STEPS,
  complaintOverdue,
  type Complaint,
  type HandlingStep,
} from '../../../../shared/domain/complaint';
import { CategoryTag, ComplaintStateTag } from './ComplaintTags';

const STEP_FIELDS = {
  listen: 'stepListen',
  calm: 'stepCalm',
  empathize: 'stepEmpathize',
  act: 'stepAct',
} as const satisfies Record<HandlingStep, keyof ComplaintHandlingValues>;

const TIME = 'YYYY-MM-DD HH:mm';

export function ComplaintHandlingModal({
  complaintId,
  customerName,
  now,
  onClose,
}: {
  complaintId: string;
  customerName: string;
  now: Date;
  onClose: () => void;
}) {
  const complaint = useLiveQuery(() => readComplaint(db, complaintId), [complaintId]);
  if (!complaint) return null;
  return (
    <HandlingForm complaint={complaint} customerName={customerName} now={now} onClose={onClose} />
  );
}

function HandlingForm({
  complaint,
  customerName,
  now,
  onClose,
}: {
  complaint: Complaint;
  customerName: string;
  now: Date;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState, setValue } = useForm<ComplaintHandlingValues>({
    resolver: zodResolver(complaintHandlingSchema),
    defaultValues: {
      stepListen: complaint.stepListen,
      stepCalm: complaint.stepCalm,
      stepEmpathize: complaint.stepEmpathize,
      stepAct: complaint.stepAct,
      resolution: complaint.resolution,
      resolve: false,
    },
  });
  const overdue = complaintOverdue(complaint, now);

  const submit = handleSubmit(async ({ resolve, resolution, ...steps }) => {
    try {
      if (resolve) {
        await resolveComplaint(ctx, complaint.id, { ...steps, resolution });
        message.success(t('complaints.resolved'));
      } else {
        await saveHandlingSteps(ctx, complaint.id, steps);
        message.success(t('complaints.stepsSaved'));
      }
      onClose();
    } catch (error) {
      reportError(error);
    }
  });
  const handleSave = (resolve: boolean) => {
    setValue('resolve', resolve);
    void submit();
  };
  const handleFirstContact = async () => {
    try {
      await recordFirstContact(ctx, complaint.id);
      message.success(t('complaints.firstContactRecorded'));
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('complaints.handleTitle', { name: customerName })}
      onCancel={onClose}
      data-testid="complaint-handling"
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => handleSave(false)} loading={formState.isSubmitting}>
            {t('complaints.saveSteps')}
          </Button>
          <Button type="primary" onClick={() => handleSave(true)} loading={formState.isSubmitting}>
            {t('complaints.resolve')}
          </Button>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={2}
        items={[
          {
            key: 'category',
            label: t('complaints.category'),
            children: (
              <Space size={4}>
                <CategoryTag category={complaint.category} />
                <ComplaintStateTag complaint={complaint} now={now} />
              </Space>
            ),
          },
          {
            key: 'receivedAt',
            label: t('complaints.receivedAt'),
            children: dayjs(complaint.receivedAt).format(TIME),
          },
          {
            key: 'firstContactDue',
            label: t('complaints.firstContactDue'),
            children: (
              <Typography.Text type={overdue === 'first_contact' ? 'danger' : undefined}>
                {dayjs(complaint.firstContactDueAt).format(TIME)}
              </Typography.Text>
            ),
          },
          {
            key: 'resultDue',
            label: t('complaints.resultDue'),
            children: (
              <Typography.Text type={overdue === 'result' ? 'danger' : undefined}>
                {dayjs(complaint.resultDueAt).format(TIME)}
              </Typography.Text>
            ),
          },
          {
            key: 'description',
            label: t('complaints.description'),
            span: 'filled',
            children: complaint.description,
          },
          {
            key: 'firstContact',
            label: t('complaints.firstContact'),
            span: 'filled',
            children:
              complaint.firstContactAt === null ? (
                <Space wrap>
                  <Typography.Text type="secondary">{t('complaints.notContacted')}</Typography.Text>
                  <Button
                    size="small"
                    icon={<PhoneOutlined />}
                    onClick={() => void handleFirstContact()}
                  >
                    {t('complaints.recordFirstContact')}
                  </Button>
                </Space>
              ) : (
                <Space size={4} data-testid="complaint-contacted">
                  <CheckCircleTwoTone twoToneColor="#52c41a" />
                  {t('complaints.contactedAt', {
                    time: dayjs(complaint.firstContactAt).format(TIME),
                  })}
                </Space>
              ),
          },
        ]}
      />
      <Divider titlePlacement="start" plain>
        {t('complaints.stepsTitle')}
      </Divider>
      <Form layout="vertical" component={false}>
        {HANDLING_STEPS.map((step, index) => (
          <FormField
            key={step}
            idPrefix="complaint"
            control={control}
            name={STEP_FIELDS[step]}
            label={`${index + 1}. ${t(`complaints.steps.${step}`)}`}
            render={(field) => (
              <Input.TextArea
                {...field}
                autoSize={{ minRows: 1, maxRows: 4 }}
                maxLength={2000}
                placeholder={t(`complaints.stepPlaceholders.${step}`)}
              />
            )}
          />
        ))}
        <FormField
          idPrefix="complaint"
          control={control}
          name="resolution"
          label={t('complaints.resolution')}
          extra={t('complaints.resolutionHint')}
          render={(field) => (
            <Input.TextArea
              {...field}
              autoSize={{ minRows: 2, maxRows: 5 }}
              maxLength={2000}
              placeholder={t('complaints.resolutionPlaceholder')}
            />
          )}
        />
      </Form>
    </Modal>
  );
}
