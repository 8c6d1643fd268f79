// The app's own update status (desktop only): tells the host which sync server to update from —
// the one the app is connected to — and follows the status the host reports.

import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../../../shared/desktop/desktop-api';
import { useAppStore } from '../../../state/store';
import { desktop } from '../../../desktop/desktop';

export function useAppUpdate(): UpdateStatus {
  const serverUrl = useAppStore((state) => state.sync.serverUrl);
  const [status, setStatus] = useState<UpdateStatus>({ state: 'disabled' });

  useEffect(() => desktop.onUpdateStatus(setStatus), []);

  useEffect(() => {
    let current = true;
    desktop
      .setUpdateServer(serverUrl === '' ? null : serverUrl)
      .then((next) => {
        if (current) setStatus(next);
      })
      .catch((error: unknown) => console.error('[updates] could not set the update server', error));
    return () => {
      current = false;
    };
  }, [serverUrl]);

  return status;
}
