// The vault's state as React sees it (re-renders on every lock, unlock and wipe).

import { useSyncExternalStore } from 'react';
import type { Vault, VaultState } from '../../../vault/vault-types';

export function useVaultSnapshot(vault: Vault): VaultState {
  return useSyncExternalStore(vault.subscribe, vault.getState);
}
