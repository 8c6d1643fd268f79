// The frame of a manager's page: its title (and intro), the width it keeps to, and the guard that
// shows anyone else why the page is not theirs (ManagersOnly). The page's body renders only for a
// manager and receives the manager's user.

import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { SessionUser } from '../../shared/sync/protocol';
import { useManagerSession } from '../state/useManagerSession';
import { ManagersOnly } from './ManagersOnly';

type ManagerPageProps = {
  title: string;
  intro?: string;
  /** Tables and cards wider than this are harder to read than they are useful. */
  maxWidth?: number;
  /** What a consultant, or anyone not logged in, sees instead of the body. */
  managersOnly: { testId: string; title: string; localText?: string; roleText?: string };
  children: (user: SessionUser) => ReactNode;
};

export function ManagerPage({ title, intro, maxWidth, managersOnly, children }: ManagerPageProps) {
  const session = useManagerSession();
  const heading = (
    <Typography.Title level={3} style={{ margin: 0 }}>
      {title}
    </Typography.Title>
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth }}>
      {intro ? (
        <div>
          {heading}
          <Typography.Text type="secondary">{intro}</Typography.Text>
        </div>
      ) : (
        heading
      )}
      {session.kind === 'manager' ? (
        children(session.user)
      ) : (
        <ManagersOnly kind={session.kind} {...managersOnly} />
      )}
    </Space>
  );
}
