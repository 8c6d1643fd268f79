// 满意度 (/satisfaction): the managers' view of the day-7 survey results per consultant (the one who
// sold the car): how many surveys, each indicator's mean, the mean C, and the share of customers
// who would buy again and recommend us. Read from the local copy of the showroom sync keeps.

import { Card, Empty, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../../db/db';
import { surveysSince } from '../../../db/surveys-repo';
import { useTeam } from '../../../db/useTeam';
import { ManagerPage } from '../../../ui/ManagerPage';
import { useNow } from '../../../ui/useNow';
import { SURVEY_INDICATORS, type SurveySummary } from '../../../../shared/domain/survey';
import {
  SATISFACTION_PERIODS,
  formatPercent,
  formatScore,
  periodStart,
  satisfactionByConsultant,
  satisfactionColour,
  type ConsultantSatisfaction,
  type SatisfactionPeriod,
} from '../satisfaction-table';
import { enumOptions } from '../../../ui/enum-options';
import { PanelBoundary } from '../../../ui/PanelBoundary';

export function SatisfactionPage() {
  const { t } = useTranslation();
  return (
    <ManagerPage
      title={t('survey.page.title')}
      intro={t('survey.page.intro')}
      managersOnly={{
        testId: 'satisfaction-managers-only',
        title: t('survey.page.managersOnlyTitle'),
        localText: t('survey.page.managersOnlyLocal'),
        roleText: t('survey.page.managersOnlyRole'),
      }}
    >
      {() => (
        <PanelBoundary panel={t('survey.page.title')}>
          <SatisfactionTable />
        </PanelBoundary>
      )}
    </ManagerPage>
  );
}

function SatisfactionTable() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<SatisfactionPeriod>('90d');
  // The period's start moves with the day; an hourly tick is plenty.
  const now = useNow(3_600_000);
  const from = periodStart(period, new Date(now));
  const surveys = useLiveQuery(() => surveysSince(db, from), [from]);
  const team = useTeam();
  const data = useMemo(
    () =>
      surveys && team
        ? satisfactionByConsultant(surveys, new Map(team.map((member) => [member.id, member.name])))
        : undefined,
    [surveys, team],
  );

  type Row = ConsultantSatisfaction & { isTotal?: boolean };
  const rows: Row[] = data
    ? [
        ...data.rows,
        ...(data.rows.length > 1
          ? [
              {
                consultantId: 'total',
                consultantName: t('survey.page.total'),
                summary: data.total,
                isTotal: true,
              },
            ]
          : []),
      ]
    : [];
  const summaryOf = (row: Row): SurveySummary => row.summary;
  const byNumber = (pick: (summary: SurveySummary) => number | null) => (a: Row, b: Row) =>
    (pick(summaryOf(a)) ?? -1) - (pick(summaryOf(b)) ?? -1);

  return (
    <Card
      size="small"
      title={
        <Space>
          <span>{t('survey.page.period')}</span>
          <Segmented<SatisfactionPeriod>
            value={period}
            onChange={setPeriod}
            options={enumOptions(t, 'survey.page.periods', SATISFACTION_PERIODS)}
          />
        </Space>
      }
    >
      {data === undefined ? null : data.rows.length === 0 ? (
        <Empty description={t('survey.page.empty')} />
      ) : (
        <Table<Row>
          data-testid="satisfaction-table"
          rowKey="consultantId"
          dataSource={rows}
          pagination={false}
          size="middle"
          scroll={{ x: 1000 }}
          onRow={(row) => (row.isTotal ? { style: { background: '#fafafa' } } : {})}
          columns={[
            {
              title: t('survey.page.consultant'),
              key: 'consultant',
              width: 96,
              render: (_, row) => (
                <Typography.Text strong={row.isTotal}>
                  {row.consultantName || t('survey.page.unknownConsultant')}
                </Typography.Text>
              ),
            },
            {
              title: t('survey.page.count'),
              key: 'count',
              width: 64,
              align: 'right',
              render: (_, row) => <span data-testid="satisfaction-count">{row.summary.count}</span>,
            },
            {
              title: t('survey.satisfaction'),
              key: 'satisfaction',
              width: 96,
              align: 'right',
              sorter: byNumber((summary) => summary.satisfaction),
              render: (_, row) => (
                <Tag
                  color={satisfactionColour(row.summary.satisfaction)}
                  style={{ marginInlineEnd: 0 }}
                  data-testid="satisfaction-c"
                >
                  {formatPercent(row.summary.satisfaction)}
                </Tag>
              ),
            },
            {
              title: t('survey.indicatorAverage'),
              key: 'average',
              width: 84,
              align: 'right',
              sorter: byNumber((summary) => summary.indicatorAverage),
              render: (_, row) => (
                <span data-testid="satisfaction-average">
                  {formatScore(row.summary.indicatorAverage)}
                </span>
              ),
            },
            {
              title: t('survey.page.repurchaseYes'),
              key: 'repurchase',
              width: 80,
              align: 'right',
              sorter: byNumber((summary) => summary.repurchaseYes),
              render: (_, row) => formatPercent(row.summary.repurchaseYes),
            },
            {
              title: t('survey.page.referralYes'),
              key: 'referral',
              width: 80,
              align: 'right',
              sorter: byNumber((summary) => summary.referralYes),
              render: (_, row) => formatPercent(row.summary.referralYes),
            },
            // The seven indicators last, without sorters: narrow enough to fit beside the rest.
            ...SURVEY_INDICATORS.map((indicator) => ({
              title: (
                <Tooltip title={t(`survey.indicators.${indicator}`)}>
                  {t(`survey.indicatorsShort.${indicator}`)}
                </Tooltip>
              ),
              key: indicator,
              width: 76,
              align: 'right' as const,
              render: (_: unknown, row: Row) => (
                <ScoreCell value={row.summary.indicators[indicator]} />
              ),
            })),
          ]}
        />
      )}
    </Card>
  );
}

/** A mean indicator score; below 4 of 5 is worth the manager's eye. */
function ScoreCell({ value }: { value: number | null }) {
  return (
    <Typography.Text type={value !== null && value < 4 ? 'danger' : undefined}>
      {formatScore(value)}
    </Typography.Text>
  );
}
