// The app locks with the operating system: when its screen locks and when the laptop sleeps
// (the desktop host reports both; a browser reports neither).

import { useEffect } from 'react';
import { desktop } from '../../../desktop/desktop';
import type { Vault } from '../../../vault/vault-types';

export function useSystemLock(vault: Vault): void {
  useEffect(() => desktop.onSystemLock((cause) => vault.lock(cause)), [vault]);
}
