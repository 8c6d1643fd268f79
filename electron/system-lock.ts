// Passes the operating system's own locking on to the page, which locks the app with it: a
// laptop left on a stand at an auto show must not show customers once its screen has locked or
// it has gone to sleep. Registered after 'ready' (powerMonitor is unusable before).

import type { BrowserWindow } from 'electron';
import type { SystemLockCause } from '../shared/desktop/desktop-api';
import { IPC_CHANNELS } from './ipc-channels';

/** The part of powerMonitor used here (an EventEmitter in tests). */
type PowerEvents = {
  on(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  removeListener(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
};

/** Forwards 'lock-screen' and 'suspend' to the main window; returns the way to stop. */
export function forwardSystemLock(
  powerMonitor: PowerEvents,
  getMainWindow: () => BrowserWindow | null,
): () => void {
  const send = (cause: SystemLockCause): void => {
    const window = getMainWindow();
    if (window === null || window.isDestroyed()) return;
    window.webContents.send(IPC_CHANNELS.systemLock, cause);
  };
  const onLockScreen = (): void => send('os_lock');
  const onSuspend = (): void => send('suspend');
  powerMonitor.on('lock-screen', onLockScreen);
  powerMonitor.on('suspend', onSuspend);
  return () => {
    powerMonitor.removeListener('lock-screen', onLockScreen);
    powerMonitor.removeListener('suspend', onSuspend);
  };
}
