// Locks the app after the dealership's idle time: any key, click, touch, wheel or pointer move
// counts as activity. Mounted only while the app is open.

import { useEffect } from 'react';
import type { Vault } from '../../../vault/vault-types';
import { createIdleTimer } from '../idle-timer';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export function useIdleLock(vault: Vault, lockAfterMinutes: number): void {
  useEffect(() => {
    const timer = createIdleTimer(lockAfterMinutes * 60_000, () => vault.lock('idle'));
    const handleActivity = (): void => timer.activity();
    const options = { capture: true, passive: true } as const;
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, handleActivity, options);
    return () => {
      timer.stop();
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, handleActivity, options);
    };
  }, [vault, lockAfterMinutes]);
}
