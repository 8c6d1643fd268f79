// 团队看板 (/team): the manager's view of every consultant's follow-ups, read from the local copy
// of the showroom that sync keeps. A summary row per consultant (click a count to list those
// follow-ups), filters, and the list itself with escalated follow-ups in red.

import { ManagersOnly } from '../../../ui/ManagersOnly';
import { Card, Empty, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useManagerSession } from '../../../state/useManagerSession';
import { TeamBoard } from './TeamBoard';

export function TeamBoardPage() {
  const { t } = useTranslation();
  const session = useManagerSession();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('teamBoard.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('teamBoard.intro')}</Typography.Text>
      </div>
      {session.kind === 'manager' ? (
        <TeamBoard user={session.user} />
      ) : (
        <ManagersOnly
          kind={session.kind}
          testId="team-board-managers-only"
          title={t('teamBoard.managersOnlyTitle')}
          localText={t('teamBoard.managersOnlyLocal')}
          roleText={t('teamBoard.managersOnlyRole')}
        />
      )}
    </Space>
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
