// Ctrl+L (Cmd+L on a Mac) locks the app at once: a consultant leaving the stand reaches for the
// keyboard, not the sidebar.

import { useEffect } from 'react';
import type { Vault } from '../../../vault/vault-types';

export function isLockShortcut(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
): boolean {
  return (
    (event.ctrlKey || event.metaKey) &&
    !event.altKey &&
    !event.shiftKey &&
    event.key.toLowerCase() === 'l'
  );
}

export function useLockShortcut(vault: Vault): void {
  useEffect(() => {
    const handleKeyDown = (event: KeyboardEvent): void => {
      if (!isLockShortcut(event)) return;
      event.preventDefault();
      vault.lock('manual');
    };
    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, [vault]);
}
