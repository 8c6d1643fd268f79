// 团队看板 (/team): the manager's view of every consultant's follow-ups, read from the local copy
// of the showroom that sync keeps. A summary row per consultant (click a count to list those
// follow-ups), filters, and the list itself with escalated follow-ups in red.

import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ManagerPage } from '../../../ui/ManagerPage';
import { TeamBoard } from './TeamBoard';

export function TeamBoardPage() {
  const { t } = useTranslation();
  return (
    <ManagerPage
      title={t('teamBoard.title')}
      intro={t('teamBoard.intro')}
      managersOnly={{
        testId: 'team-board-managers-only',
        title: t('teamBoard.managersOnlyTitle'),
        localText: t('teamBoard.managersOnlyLocal'),
        roleText: t('teamBoard.managersOnlyRole'),
      }}
    >
      {(user) => <TeamBoard user={user} />}
    </ManagerPage>
  );
}

/** Logged in as a manager, but the team list has not arrived (first sync still running). */
export function NoTeamData() {
  const { t } = useTranslation();
  return (
    <Card data-testid="team-board-no-team">
      <Empty description={t('teamBoard.empty.noTeam')}>
        <Typography.Text type="secondary">{t('teamBoard.managersOnlyLocal')}</Typography.Text>
      </Empty>
    </Card>
  );
}
