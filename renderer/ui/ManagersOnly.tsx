// What a manager's page shows to anyone else: in local mode, that logging in as a manager is
// needed (with the way to 设置); to a consultant, where their own side of it lives.

import { Button, Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

type ManagersOnlyProps = {
  kind: 'local' | 'consultant';
  title: string;
  /** Shown in local mode (not logged in). */
  localText?: string;
  /** Shown to a consultant. */
  roleText?: string;
  testId: string;
};

export function ManagersOnly({ kind, title, localText, roleText, testId }: ManagersOnlyProps) {
  const { t } = useTranslation();
  return (
    <Card data-testid={testId}>
      <Result
        status="info"
        title={title}
        subTitle={kind === 'local' ? localText : roleText}
        extra={
          kind === 'local' ? (
            <Link to="/settings">
              <Button type="primary">{t('manager.lost.openSettings')}</Button>
            </Link>
          ) : null
        }
      />
    </Card>
  );
}
