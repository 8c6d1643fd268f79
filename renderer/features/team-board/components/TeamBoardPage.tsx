// 团队看板 (/team): the manager's view of every consultant's follow-ups, read from the local copy
// of the showroom that sync keeps. A summary row per consultant (click a count to list those
// follow-ups), filters, and the list itself with escalated follow-ups in red.

import { Button, Card, Empty, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useManagerSession } from '../../manager/hooks/useManagerSession';
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
        <ManagersOnly kind={session.kind} />
      )}
    </Space>
  );
}

function ManagersOnly({ kind }: { kind: 'local' | 'consultant' }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="team-board-managers-only">
      <Result
        status="info"
        title={t('teamBoard.managersOnlyTitle')}
        subTitle={
          kind === 'local' ? t('teamBoard.managersOnlyLocal') : t('teamBoard.managersOnlyRole')
        }
        extra={
          kind === 'local' ? (
            <Link to="/settings">
              <Button type="primary">{t('teamBoard.openSettings')}</Button>
            </Link>
          ) : null
        }
      />
    </Card>
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
