// Always visible in the sidebar, so a consultant can always tell whether work is safe on the
// server: how sync stands, how many changes wait, when it last synced, the progress of a large
// first sync, and a way to the conflicts. In local mode (no server configured) nothing is waiting
// for anything: the data is simply saved on this computer, and that is what it says. The outbox
// count appears once a server is set.

import { Progress, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAppStore } from '../../../state/store';
import { db } from '../../../db/db';
import { readServerAddress } from '../../../db/session-repo';
import { usePendingChangeCount } from '../hooks/usePendingChangeCount';
import type { SyncState } from '../../../sync/engine';
import { isInsecureRemoteAddress } from '../../../sync/transport';
import { useNow } from '../../../ui/useNow';
import { useSyncIssueCount } from '../hooks/useSyncIssueCount';

dayjs.extend(relativeTime);

const STATE_COLORS: Record<SyncState, string> = {
  not_configured: 'default',
  offline: 'default',
  syncing: 'processing',
  idle: 'green',
  error: 'red',
  login_required: 'orange',
  outdated: 'red',
  wiped: 'red',
};

export function SyncStatusPanel() {
  const { t } = useTranslation();
  const status = useAppStore((state) => state.sync);
  const pending = usePendingChangeCount();
  const issues = useSyncIssueCount();
  const now = useNow();
  const connected = status.state !== 'not_configured';
  // Changes wait for something only once there is a server to send them to.
  const serverAddress = useLiveQuery(() => readServerAddress(db), []);
  const hasServer = connected || (serverAddress !== undefined && serverAddress !== null);
  const certificateProblem = useAppStore((state) => state.certificateProblem);
  const plainHttp =
    connected && status.serverUrl !== '' && isInsecureRemoteAddress(status.serverUrl);

  return (
    <div
      style={{ position: 'absolute', bottom: 16, left: 16, right: 16, fontSize: 12 }}
      data-testid="sync-status"
      data-state={status.state}
    >
      {connected ? (
        <div style={{ marginBottom: 4 }}>
          <Tag
            color={STATE_COLORS[status.state]}
            data-testid="sync-state"
            data-state={status.state}
            title={status.lastError ?? undefined}
          >
            {status.state === 'wiped'
              ? t('devices.syncStateWiped')
              : t(`sync.state.${status.state}`)}
          </Tag>
        </div>
      ) : (
        <div
          style={{ color: '#888', marginBottom: 4 }}
          data-testid="sync-state"
          data-state="not_configured"
        >
          {t('app.localMode')}
        </div>
      )}
      {certificateProblem ? (
        <div style={{ marginBottom: 4 }}>
          <Link to="/sync/certificate" data-testid="sync-certificate-warning">
            <Tag color={certificateProblem.kind === 'changed' ? 'red' : 'orange'}>
              {certificateProblem.kind === 'changed'
                ? t('sync.certificateChanged')
                : t('sync.certificateUnconfirmed')}
            </Tag>
          </Link>
        </div>
      ) : null}
      {plainHttp ? (
        <div style={{ marginBottom: 4 }}>
          <Tag
            color="orange"
            data-testid="sync-plain-http-warning"
            title={t('sync.server.plainHttpWarning')}
          >
            {t('sync.plainHttp')}
          </Tag>
        </div>
      ) : null}
      {!hasServer ? (
        <Tag color="green" data-testid="sync-pending" data-state="local">
          {t('app.savedOnThisComputer')}
        </Tag>
      ) : pending === undefined ? null : pending > 0 ? (
        <Tag color="blue" data-testid="sync-pending">
          {t('app.pendingChanges', { count: pending })}
        </Tag>
      ) : (
        <Tag color="green" data-testid="sync-pending">
          {t('app.allSynced')}
        </Tag>
      )}
      {connected ? (
        <div style={{ color: '#888', marginTop: 4 }} data-testid="sync-last">
          {status.lastSyncAt
            ? t('sync.lastSync', { time: dayjs(status.lastSyncAt).from(now) })
            : t('sync.neverSynced')}
        </div>
      ) : null}
      {status.progress ? (
        <div data-testid="sync-progress" style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('sync.firstSync', status.progress)}
          </Typography.Text>
          <Progress
            size="small"
            percent={Math.floor((status.progress.done / Math.max(1, status.progress.total)) * 100)}
          />
        </div>
      ) : null}
      {issues !== undefined && issues > 0 ? (
        <div style={{ marginTop: 4 }}>
          <Link to="/sync/conflicts" data-testid="sync-issues-link">
            {t('sync.issues', { count: issues })}
          </Link>
        </div>
      ) : null}
    </div>
  );
}
