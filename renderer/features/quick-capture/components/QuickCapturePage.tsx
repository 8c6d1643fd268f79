// Event quick capture (展会快速录入): a keyboard-only form for the auto-show floor. Enter saves and
// clears for the next visitor; every card is tagged with the event. Works with no network.
//
// A phone number that already has a card is checked on save, against the typed value (the
// warning under the field is only a hint and may come too late for fast typing): the consultant
// is asked, by keyboard, whether to record the visit on that card (Enter) or make a new one (N).

import { zodResolver } from '@hookform/resolvers/zod';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  List,
  Modal,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InputRef } from 'antd';
import { useWriteContext } from '../../../state/useWriteContext';
import { db } from '../../../db/db';
import { readEventName, saveEventName } from '../../../db/preferences-repo';
import { findCustomersByPhone, quickCaptureCustomer } from '../../../db/customers-repo';
import { recordVisitAnsweringPlan } from '../../../db/follow-ups-repo';
import { formatPhone, normalizePhone, phoneProblem } from '../../../../shared/domain/phone';
import type { Customer } from '../../../../shared/domain/customer';
import { FormField } from '../../../ui/FormField';
import { DuplicatePhoneWarning, FactCheckbox, QUALIFICATION_FACTS } from '../../customers';
import { GradeTag } from '../../../ui/CustomerBadges';
import { qualificationGrade } from '../../../../shared/domain/qualification';
import {
  eventNameSchema,
  quickCaptureSchema,
  type QuickCaptureValues,
} from '../../../../shared/domain/schemas';
import { useReportError } from '../../../ui/useReportError';
import { useValidationText } from '../../../ui/useValidationText';
import { useFollowUpPurpose } from '../../follow-ups';

const EMPTY: QuickCaptureValues = {
  name: '',
  phone: '',
  model: '',
  hasConfidence: false,
  hasNeed: false,
  hasPurchasingPower: false,
  note: '',
};

type Captured = { id: string; name: string; grade: ReturnType<typeof qualificationGrade> };

/** A save held back because the phone already has a card: what was typed, and whose it is. */
type KnownPhone = { values: QuickCaptureValues; event: string; matches: Customer[] };

export function QuickCapturePage() {
  const { t } = useTranslation();
  const purposeText = useFollowUpPurpose();
  const validationText = useValidationText();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const storedEvent = useLiveQuery(() => readEventName(db), []);
  const [eventName, setEventName] = useState<string | null>(null);
  const [eventError, setEventError] = useState<string | null>(null);
  const [captured, setCaptured] = useState<Captured[]>([]);
  const [known, setKnown] = useState<KnownPhone | null>(null);
  const nameRef = useRef<InputRef>(null);
  const phoneRef = useRef<InputRef>(null);
  // Where the cursor goes once the dialog has closed (the dialog gives focus back on its own).
  const focusAfterDialog = useRef<InputRef | null>(null);
  const { control, handleSubmit, reset, trigger } = useForm<QuickCaptureValues>({
    resolver: zodResolver(quickCaptureSchema),
    defaultValues: EMPTY,
  });
  const [phone, hasConfidence, hasNeed, hasPurchasingPower] = useWatch({
    control,
    name: ['phone', 'hasConfidence', 'hasNeed', 'hasPurchasingPower'],
  });
  const event = eventName ?? storedEvent ?? '';

  useEffect(() => nameRef.current?.focus(), []);

  const changeEvent = (value: string) => {
    setEventName(value);
    setEventError(null);
    void saveEventName(db, value);
  };

  const nextVisitor = () => {
    reset(EMPTY);
    nameRef.current?.focus();
  };

  const saveNewCard = async (values: QuickCaptureValues, eventTag: string) => {
    const customer = await quickCaptureCustomer(ctx, values, eventTag);
    setCaptured((list) => [
      { id: customer.id, name: customer.name, grade: customer.qualificationGrade },
      ...list,
    ]);
    message.success(t('quickCapture.saved', { name: customer.name }));
    nextVisitor();
  };

  const submit = handleSubmit(async (values) => {
    const parsedEvent = eventNameSchema.safeParse(event);
    if (!parsedEvent.success) {
      setEventError(
        validationText(parsedEvent.error.issues[0]?.message ?? 'validation.eventRequired'),
      );
      return;
    }
    try {
      const matches = await findCustomersByPhone(db, values.phone);
      if (matches.length > 0) {
        setKnown({ values, event: parsedEvent.data, matches });
        return;
      }
      await saveNewCard(values, parsedEvent.data);
    } catch (error) {
      reportError(error);
    }
  });

  const handleRecordVisit = async () => {
    const held = known;
    const card = held?.matches[0];
    if (!held || !card) return;
    focusAfterDialog.current = nameRef.current;
    setKnown(null);
    try {
      const { answer } = await recordVisitAnsweringPlan(ctx, card.id, held.values, held.event);
      message.success(
        answer.answered
          ? t('quickCapture.visitAnsweredPlan', {
              name: card.name,
              purpose: purposeText(answer.answered.purpose),
            })
          : t('quickCapture.visitRecorded', { name: card.name }),
      );
      // Several open plans could be the one this visit answers: the consultant picks on the card.
      if (answer.unclear.length > 0) {
        message.warning(
          t('quickCapture.visitWhichPlan', { name: card.name, count: answer.unclear.length }),
        );
      }
      nextVisitor();
    } catch (error) {
      reportError(error);
    }
  };

  const handleCreateAnyway = async () => {
    const held = known;
    if (!held) return;
    focusAfterDialog.current = nameRef.current;
    setKnown(null);
    try {
      await saveNewCard(held.values, held.event);
    } catch (error) {
      reportError(error);
    }
  };

  const handleBackToForm = () => {
    focusAfterDialog.current = phoneRef.current;
    setKnown(null);
  };

  useEffect(() => {
    if (!known) return;
    const onKeyDown = (keyEvent: KeyboardEvent) => {
      if (keyEvent.key !== 'n' && keyEvent.key !== 'N') return;
      keyEvent.preventDefault();
      void handleCreateAnyway();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  const knownCard = known?.matches[0];
  return (
    <Row gutter={16}>
      <Modal
        open={known !== null}
        title={t('quickCapture.knownTitle')}
        width={640}
        onCancel={handleBackToForm}
        afterClose={() => focusAfterDialog.current?.focus()}
        destroyOnHidden
        footer={[
          <Button key="back" onClick={handleBackToForm}>
            {t('quickCapture.backToForm')}
          </Button>,
          <Button key="new" onClick={() => void handleCreateAnyway()}>
            {t('quickCapture.createAnyway')}
          </Button>,
          <Button
            key="visit"
            type="primary"
            autoFocus
            data-testid="record-visit"
            onClick={() => void handleRecordVisit()}
          >
            {t('quickCapture.recordVisit', { name: knownCard?.name ?? '' })}
          </Button>,
        ]}
      >
        {known && knownCard ? (
          <>
            <Typography.Paragraph>
              {t('quickCapture.knownBody', {
                phone: formatPhone(normalizePhone(known.values.phone)),
                name: knownCard.name,
              })}
            </Typography.Paragraph>
            {known.matches.length > 1 ? (
              <Typography.Paragraph type="secondary">
                {t('quickCapture.knownOthers', {
                  names: known.matches
                    .slice(1)
                    .map((match) => match.name)
                    .join('、'),
                })}
              </Typography.Paragraph>
            ) : null}
          </>
        ) : null}
      </Modal>
      <Col span={15}>
        <Card title={t('quickCapture.title')}>
          <Typography.Paragraph type="secondary">{t('quickCapture.intro')}</Typography.Paragraph>
          <Form layout="vertical" component={false}>
            <Form.Item
              label={t('quickCapture.eventName')}
              htmlFor="quick-event"
              required
              validateStatus={eventError ? 'error' : undefined}
              help={eventError ?? t('quickCapture.eventHint')}
              style={{ marginBottom: 28 }}
            >
              <Input
                id="quick-event"
                value={event}
                placeholder={t('quickCapture.eventPlaceholder')}
                onChange={(e) => changeEvent(e.target.value)}
              />
            </Form.Item>
          </Form>
          <form onSubmit={submit} noValidate aria-label={t('quickCapture.title')}>
            <Form layout="vertical" component={false}>
              <Row gutter={12}>
                <Col span={12}>
                  <FormField
                    control={control}
                    name="name"
                    label={t('quickCapture.name')}
                    required
                    render={(field) => (
                      <Input
                        {...field}
                        ref={(element) => {
                          field.ref(element);
                          nameRef.current = element;
                        }}
                        autoComplete="off"
                      />
                    )}
                  />
                </Col>
                <Col span={12}>
                  <FormField
                    control={control}
                    name="phone"
                    label={t('quickCapture.phone')}
                    required
                    render={(field) => (
                      <Input
                        {...field}
                        onChange={(changeEvent) => {
                          field.onChange(changeEvent);
                          if (phoneProblem(changeEvent.target.value) === 'not_digits') {
                            void trigger('phone');
                          }
                        }}
                        ref={(element) => {
                          field.ref(element);
                          phoneRef.current = element;
                        }}
                        inputMode="tel"
                        autoComplete="off"
                      />
                    )}
                  />
                  <div style={{ marginTop: -16, marginBottom: 12 }}>
                    <DuplicatePhoneWarning phone={phone} linksInTabOrder={false} />
                  </div>
                </Col>
                <Col span={24}>
                  <FormField
                    control={control}
                    name="model"
                    label={t('quickCapture.model')}
                    render={(field) => <Input {...field} autoComplete="off" />}
                  />
                </Col>
                <Col span={24}>
                  <Space wrap style={{ marginBottom: 16 }}>
                    {QUALIFICATION_FACTS.map((name) => (
                      <FormField
                        key={name}
                        control={control}
                        name={name}
                        render={(field) => (
                          <FactCheckbox field={field} onEnter={() => void submit()} />
                        )}
                      />
                    ))}
                    <span data-testid="quick-grade">
                      <GradeTag
                        grade={qualificationGrade({ hasConfidence, hasNeed, hasPurchasingPower })}
                      />
                    </span>
                  </Space>
                </Col>
                <Col span={24}>
                  <FormField
                    control={control}
                    name="note"
                    label={t('quickCapture.note')}
                    render={(field) => <Input {...field} autoComplete="off" />}
                  />
                </Col>
              </Row>
              <Button type="primary" htmlType="submit" size="large">
                {t('quickCapture.save')}
              </Button>
            </Form>
          </form>
        </Card>
      </Col>
      <Col span={9}>
        <Card
          title={t('quickCapture.recent')}
          extra={
            <Tag color="blue">
              {t('quickCapture.capturedThisSession', { count: captured.length })}
            </Tag>
          }
        >
          <List
            data-testid="captured-list"
            dataSource={captured}
            locale={{ emptyText: ' ' }}
            renderItem={(item) => (
              <List.Item>
                <Link to={`/customers/${item.id}`}>{item.name}</Link>
                <GradeTag grade={item.grade} />
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
