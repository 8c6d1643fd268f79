// Renders the app only while the vault is open; otherwise the lock screen or the wipe notice
// INSTEAD of it, so no customer data is mounted (nor notified) while locked. While open it runs
// the lock's triggers: idle time, the OS screen lock and sleep, Ctrl+L, and too long offline.

import { App } from 'antd';
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { DEFAULT_DEALERSHIP_SETTINGS } from '../../../../shared/domain/settings';
import { db } from '../../../db/db';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { useAppStore } from '../../../state/store';
import { unlockWithOnlinePassword } from '../../../sync/sync-runtime';
import type { Vault } from '../../../vault/vault-types';
import { useIdleLock } from '../hooks/useIdleLock';
import { useLockShortcut } from '../hooks/useLockShortcut';
import { useOfflineLock } from '../hooks/useOfflineLock';
import { useSystemLock } from '../hooks/useSystemLock';
import { useVaultSnapshot } from '../hooks/useVaultState';
import { LockScreen } from './LockScreen';
import { WipedNotice } from '../../devices';

type AppLock = { vault: Vault; lockNow: () => void };

const AppLockContext = createContext<AppLock | null>(null);

/** The sidebar's 锁定 (and anything else that locks by hand). */
export function useAppLock(): AppLock {
  const lock = useContext(AppLockContext);
  if (lock === null) throw new Error('useAppLock outside <LockGate>');
  return lock;
}

/** The vault, for screens inside the open app (the PIN settings, notifications). */
export function useLockVault(): Vault {
  return useAppLock().vault;
}

// The last offline limit seen while open, for the lock screen's wording (it reads no settings).
let lastOfflineLockDays = DEFAULT_DEALERSHIP_SETTINGS.offlineLockDays;

export function LockGate({ vault, children }: { vault: Vault; children: ReactNode }) {
  const state = useVaultSnapshot(vault);
  const displayName = useAppStore((store) => store.profile?.displayName ?? null);
  const appLock = useMemo<AppLock>(() => ({ vault, lockNow: () => vault.lock('manual') }), [vault]);

  if (state.kind === 'wiped') {
    return (
      <WipedNotice
        reason={state.reason}
        at={state.at}
        lostChanges={state.lostChanges}
        onContinue={() => {
          vault.dismissWipeNotice();
          window.location.reload();
        }}
      />
    );
  }
  if (state.kind === 'locked') {
    return (
      <LockScreen
        // No key: a wrong PIN that turns the reason into pin_lockout must keep the screen (and
        // its notice); the screen unmounts anyway whenever the app opens.
        vault={vault}
        state={state}
        displayName={displayName}
        offlineLockDays={lastOfflineLockDays}
        unlockOnline={unlockWithOnlinePassword}
        countPendingChanges={() => db.outbox.count()}
      />
    );
  }
  return (
    <AppLockContext.Provider value={appLock}>
      <LockTriggers vault={vault} />
      {children}
    </AppLockContext.Provider>
  );
}

function LockTriggers({ vault }: { vault: Vault }) {
  const settings = useDealershipSettings() ?? DEFAULT_DEALERSHIP_SETTINGS;
  const { notification, message } = App.useApp();
  lastOfflineLockDays = settings.offlineLockDays;
  useIdleLock(vault, settings.lockAfterMinutes);
  useOfflineLock(vault, settings.offlineLockDays);
  useSystemLock(vault);
  useLockShortcut(vault);
  // Toasts and notices name customers: none stays on screen over the lock.
  useEffect(
    () => () => {
      notification.destroy();
      message.destroy();
    },
    [notification, message],
  );
  return null;
}
