// 设置 → 交车后回访节奏: the days of the post-delivery calls, edited by managers and admins (or by
// the laptop's user in local mode). Completing a delivery plans the follow-ups by it.

import { zodResolver } from '@hookform/resolvers/zod';
import { App, Button, Card, Col, Form, InputNumber, Row, Switch, Typography } from 'antd';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  postDeliveryCadenceSchema,
  type PostDeliveryCadenceValues,
} from '../../../../shared/domain/delivery-schemas';
import {
  DEFAULT_POST_DELIVERY_CADENCE,
  type PostDeliveryCadence,
} from '../../../../shared/domain/post-delivery';
import { useWriteContext } from '../../../state/useWriteContext';
import { saveDealershipSettings } from '../../../db/settings-repo';
import { FormField } from '../../../ui/FormField';
import { useReportError } from '../../../ui/useReportError';

type NumberName = Exclude<keyof PostDeliveryCadenceValues, 'birthdayCare'>;
const NUMBER_FIELDS: readonly NumberName[] = [
  'consultantCallDays',
  'surveyCallDays',
  'monthCallDays',
  'firstServiceDays',
  'insuranceRenewalDaysBefore',
  'warrantyYears',
  'insuranceYears',
];

type PostDeliveryCadenceCardProps = { initial: PostDeliveryCadence; readOnly: boolean };

export function PostDeliveryCadenceCard({ initial, readOnly }: PostDeliveryCadenceCardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState } = useForm<PostDeliveryCadenceValues>({
    resolver: zodResolver(postDeliveryCadenceSchema),
    // Settings saved before the warranty and insurance terms existed lack them.
    defaultValues: { ...DEFAULT_POST_DELIVERY_CADENCE, ...initial },
  });
  const submit = handleSubmit(
    async (values) => {
      try {
        await saveDealershipSettings(ctx, { postDeliveryCadence: values });
        message.success(t('common.saved'));
      } catch (error) {
        reportError(error);
      }
    },
    () => void message.warning(t('card.fixErrors')),
  );
  return (
    <Card size="small" title={t('checklist.cadence.title')} data-testid="post-delivery-cadence">
      <Typography.Paragraph type="secondary">{t('checklist.cadence.hint')}</Typography.Paragraph>
      <form onSubmit={submit} noValidate>
        <Form layout="vertical" component={false} disabled={readOnly}>
          <Row gutter={16}>
            {NUMBER_FIELDS.map((name) => (
              <Col key={name} xs={24} md={8}>
                <FormField
                  idPrefix="post-delivery"
                  control={control}
                  name={name}
                  label={t(`checklist.cadence.${name}`)}
                  render={(field) => (
                    <InputNumber
                      id={field.id}
                      value={field.value}
                      onChange={(value) => field.onChange(value ?? Number.NaN)}
                      onBlur={field.onBlur}
                      disabled={readOnly}
                      style={{ width: '100%' }}
                    />
                  )}
                />
              </Col>
            ))}
            <Col xs={24} md={8}>
              <FormField
                idPrefix="post-delivery"
                control={control}
                name="birthdayCare"
                label={t('checklist.cadence.birthdayCare')}
                render={(field) => (
                  <Switch
                    id={field.id}
                    checked={field.value}
                    onChange={field.onChange}
                    disabled={readOnly}
                  />
                )}
              />
            </Col>
          </Row>
          <Button
            type="primary"
            htmlType="submit"
            disabled={readOnly}
            loading={formState.isSubmitting}
          >
            {t('checklist.cadence.save')}
          </Button>
        </Form>
      </form>
    </Card>
  );
}
