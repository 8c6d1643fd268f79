// The board itself: filters, the per-consultant summary and the list. Filters are component state
// (they are a way of looking, not data); the rows come from the pure teamBoardRows.

import { Card, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { DEFAULT_ESCALATION_HOURS } from '../../../../shared/domain/escalation';
import type { SessionUser } from '../../../../shared/sync/protocol';
import { useWriteContext } from '../../../state/useWriteContext';
import { db } from '../../../db/db';
import { migrateLocalEscalationHours } from '../../../db/settings-repo';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { ExportButton } from '../../exports';
import { useNow } from '../../../ui/useNow';
import {
  loadTeamBoardData,
  teamBoardRows,
  teamBoardSummary,
  type TeamBoardBucket,
  type TeamBoardFilters,
} from '../../../db/team-board-queries';
import { useEscalationNotifications } from '../hooks/useEscalationNotifications';
import { BoardFilters, type BoardFilterValues } from './BoardFilters';
import { BoardList } from './BoardList';
import { BoardSummary } from './BoardSummary';
import { NoTeamData } from './TeamBoardPage';
import { PanelBoundary } from '../../../ui/PanelBoundary';
import { useTranslation } from 'react-i18next';

export type DayRange = [Dayjs, Dayjs];

function defaultDays(): DayRange {
  const today = dayjs().startOf('day');
  return [today.subtract(30, 'day'), today.add(7, 'day')];
}

const NO_FILTERS: Omit<BoardFilterValues, 'days'> = {
  ownerIds: [],
  grades: [],
  intents: [],
  sources: [],
};

export function TeamBoard({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const now = new Date(useNow(60_000));
  const [values, setValues] = useState<BoardFilterValues>(() => ({
    ...NO_FILTERS,
    days: defaultDays(),
  }));
  const [bucket, setBucket] = useState<TeamBoardBucket | null>(null);
  // The dealership's threshold (设置 → 跟进节奏), the same on every manager's laptop.
  const hours = useDealershipSettings()?.escalationHours ?? DEFAULT_ESCALATION_HOURS;
  const ctx = useWriteContext();
  useEffect(() => {
    // Once: a threshold this laptop kept locally before it was a dealership setting. Only
    // managers open the board, and they may write the settings.
    migrateLocalEscalationHours(ctx, true).catch((error: unknown) =>
      console.warn('[team board] local escalation threshold not migrated', error),
    );
  }, [ctx]);

  // Whole local days, the last one included.
  const from = values.days[0].startOf('day').toISOString();
  const to = values.days[1].startOf('day').add(1, 'day').toISOString();
  const data = useLiveQuery(() => loadTeamBoardData(db, { from, to }), [from, to]);

  const nowMs = now.getTime();
  const filters: TeamBoardFilters = useMemo(
    () => ({ ...values, range: { from, to }, bucket }),
    [values, from, to, bucket],
  );
  const board = useMemo(() => {
    if (!data) return undefined;
    const settings = { now: new Date(nowMs), escalationHours: hours };
    const rows = teamBoardRows(data, filters, settings);
    const summary = teamBoardSummary(data, filters, settings);
    const escalated = teamBoardRows(
      data,
      { ...filters, ...NO_FILTERS, bucket: 'escalated' },
      settings,
    );
    return { rows, summary, escalated };
  }, [data, filters, hours, nowMs]);

  const handleOpenCustomer = useCallback(
    (customerId: string) => navigate(`/customers/${customerId}`),
    [navigate],
  );
  useEscalationNotifications(board?.escalated, hours, handleOpenCustomer);

  if (data && data.team.length === 0) return <NoTeamData />;

  const handlePickCount = (ownerId: string, picked: TeamBoardBucket) => {
    setValues((current) => ({ ...current, ownerIds: [ownerId] }));
    setBucket(picked);
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <BoardFilters
          team={data?.team ?? []}
          values={values}
          onChange={setValues}
          onReset={() => {
            setValues({ ...NO_FILTERS, days: defaultDays() });
            setBucket(null);
          }}
          hours={hours}
        />
      </Card>
      <PanelBoundary panel={t('teamBoard.summary.title')} resetKeys={[board]}>
        <BoardSummary summary={board?.summary} bucket={bucket} onPickCount={handlePickCount} />
      </PanelBoundary>
      <PanelBoundary panel={t('teamBoard.list.title')} resetKeys={[board]}>
        <BoardList
          rows={board?.rows}
          bucket={bucket}
          ownerNames={board?.summary
            .filter((row) => values.ownerIds.includes(row.ownerId))
            .map((row) => row.ownerName)}
          onClearBucket={() => setBucket(null)}
          actions={
            <ExportButton
              rows={board?.rows}
              filters={filters}
              team={data?.team ?? []}
              user={user}
            />
          }
        />
      </PanelBoundary>
    </Space>
  );
}
