// A laptop that has not reached its server for the dealership's number of days locks, and only
// the password checked by the server opens it: an account disabled meanwhile, or a laptop kept
// offline on purpose, must not stay usable forever. Checked on start and every few minutes.

import { useEffect } from 'react';
import { isOfflineTooLong } from '../../../../shared/domain/app-lock';
import { db } from '../../../db/db';
import { readServerAddress } from '../../../db/session-repo';
import { readLastSync } from '../../../sync/local-apply';
import type { Vault } from '../../../vault/vault-types';

const CHECK_EVERY_MS = 5 * 60_000;

/** Whether the laptop has a server and has been away from it for longer than `days`. */
export async function offlineTooLong(days: number, now: Date): Promise<boolean> {
  if ((await readServerAddress(db)) === null) return false;
  return isOfflineTooLong(await readLastSync(db), now, days);
}

export function useOfflineLock(vault: Vault, offlineLockDays: number): void {
  useEffect(() => {
    const check = async (): Promise<void> => {
      if (await offlineTooLong(offlineLockDays, new Date())) vault.lock('offline_too_long');
    };
    void check().catch(() => undefined);
    const timer = setInterval(() => void check().catch(() => undefined), CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [vault, offlineLockDays]);
}
