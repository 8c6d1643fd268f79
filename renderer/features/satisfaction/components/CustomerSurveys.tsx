// The card's 满意度 tab: the owner's survey results (the seven scores, C as a percentage, the
// loyalty signs) and the way to record one — with the waiting day-7 call when there is one.

import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Rate,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../../db/db';
import { customerSurveys, plannedSurveyCall } from '../../../db/surveys-repo';
import type { Customer } from '../../../../shared/domain/customer';
import {
  SURVEY_INDICATORS,
  storedIndicatorAverage,
  storedSatisfactionRatio,
  type LoyaltyIntent,
  type Survey,
} from '../../../../shared/domain/survey';
import { formatPercent, satisfactionColour } from '../satisfaction-table';
import { SurveyModal } from './SurveyModal';
import { PanelBoundary } from '../../../ui/PanelBoundary';

const INTENT_COLOURS: Record<LoyaltyIntent, string> = { yes: 'green', maybe: 'gold', no: 'red' };

export function CustomerSurveys({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState(false);
  const surveys = useLiveQuery(() => customerSurveys(db, customer.id), [customer.id]);
  const surveyCall = useLiveQuery(() => plannedSurveyCall(db, customer.id), [customer.id]);
  if (surveys === undefined || surveyCall === undefined) return null;
  const isOwner = customer.status === 'delivered';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {isOwner ? (
        <Card size="small">
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <Typography.Text type={surveyCall ? undefined : 'secondary'}>
              {surveyCall
                ? t('survey.callWaiting', {
                    dueAt: dayjs(surveyCall.dueAt).format('YYYY-MM-DD HH:mm'),
                  })
                : t('survey.recordHint')}
            </Typography.Text>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
              {t('survey.record')}
            </Button>
          </Space>
        </Card>
      ) : (
        <Alert type="info" showIcon title={t('survey.notOwner')} />
      )}
      {surveys.length === 0 ? (
        <Card>
          <Empty description={t('survey.empty')} />
        </Card>
      ) : (
        // One unreadable survey leaves the others (and the card) on screen.
        surveys.map((survey) => (
          <PanelBoundary key={survey.id} panel={t('survey.title')} resetKeys={[survey]}>
            <SurveyResult survey={survey} />
          </PanelBoundary>
        ))
      )}
      {recording ? (
        <SurveyModal
          customer={customer}
          surveyCall={surveyCall}
          origin="card"
          onClose={() => setRecording(false)}
        />
      ) : null}
    </Space>
  );
}

function SurveyResult({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const ratio = storedSatisfactionRatio(survey);
  const average = storedIndicatorAverage(survey);
  return (
    <Card
      size="small"
      data-testid="survey-result"
      title={t('survey.title')}
      extra={
        <Typography.Text type="secondary">
          {t('survey.surveyedBy', {
            name: survey.surveyedByName,
            time: dayjs(survey.surveyedAt).format('YYYY-MM-DD HH:mm'),
          })}
        </Typography.Text>
      }
    >
      <Row gutter={[24, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic
            title={t('survey.satisfaction')}
            value={formatPercent(ratio)}
            styles={{ content: { color: satisfactionColourHex(ratio) } }}
            data-testid="survey-satisfaction"
          />
          <Typography.Text type="secondary">
            {t('survey.satisfactionFormula', {
              perception: survey.perception,
              expectation: survey.expectation,
            })}
          </Typography.Text>
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('survey.indicatorAverage')}
            value={average === null ? '—' : average.toFixed(1)}
            suffix="/ 5"
            data-testid="survey-average"
          />
        </Col>
        <Col xs={12} md={6}>
          <LoyaltySign
            label={t('survey.repurchaseIntent')}
            intent={survey.repurchaseIntent}
            testId="survey-repurchase"
          />
        </Col>
        <Col xs={12} md={6}>
          <LoyaltySign
            label={t('survey.referralIntent')}
            intent={survey.referralIntent}
            testId="survey-referral"
          />
        </Col>
      </Row>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          ...SURVEY_INDICATORS.map((indicator) => ({
            key: indicator,
            label: t(`survey.indicators.${indicator}`),
            children: (
              <Space size={8} data-testid={`survey-score-${indicator}`}>
                <Rate disabled value={survey[indicator]} style={{ fontSize: 14 }} />
                <span>{t('survey.scoreOf', { score: survey[indicator], max: 5 })}</span>
              </Space>
            ),
          })),
          {
            key: 'overall',
            label: t('survey.overall'),
            children: t('survey.overallScores', {
              expectation: survey.expectation,
              perception: survey.perception,
            }),
          },
          ...(survey.comment
            ? [
                {
                  key: 'comment',
                  label: t('survey.comment'),
                  span: 'filled' as const,
                  children: <Typography.Text>{survey.comment}</Typography.Text>,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function LoyaltySign({
  label,
  intent,
  testId,
}: {
  label: string;
  intent: LoyaltyIntent;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={4}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Tag
        color={INTENT_COLOURS[intent]}
        style={{ fontSize: 16, padding: '2px 10px' }}
        data-testid={testId}
      >
        {t(`survey.intents.${intent}`)}
      </Tag>
    </Space>
  );
}

const HEX: Record<ReturnType<typeof satisfactionColour>, string> = {
  green: '#389e0d',
  gold: '#d48806',
  red: '#cf1322',
  default: 'inherit',
};

function satisfactionColourHex(ratio: number | null): string {
  return HEX[satisfactionColour(ratio)];
}
