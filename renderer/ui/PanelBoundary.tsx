// One chart or panel failing (a synced row it cannot read, a bug) must not blank the page around
// it: each panel sits in its own error boundary, which says in the reader's language which part
// failed and offers to try again; the rest of the page keeps working.

import { Alert, Button } from 'antd';
import type { ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { useTranslation } from 'react-i18next';

export function PanelBoundary({
  panel,
  resetKeys,
  children,
}: {
  /** The panel's name as the user sees it (already translated). */
  panel: string;
  /** When one of these changes (new data, another range), the panel is tried again. */
  resetKeys?: unknown[];
  children: ReactNode;
}) {
  return (
    <ErrorBoundary
      resetKeys={resetKeys}
      onError={(error) => console.error(`panel "${panel}" failed`, error)}
      fallbackRender={(props) => <PanelFailed panel={panel} {...props} />}
    >
      {children}
    </ErrorBoundary>
  );
}

function PanelFailed({ panel, resetErrorBoundary }: { panel: string } & FallbackProps) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="panel-failed"
      title={t('panelError.title', { panel })}
      description={t('panelError.description')}
      action={
        <Button size="small" onClick={resetErrorBoundary}>
          {t('app.retry')}
        </Button>
      }
    />
  );
}
