// The wizard's worker session: made on first use, ended when the wizard closes (the worker and
// the file it holds go with it).

import { useCallback, useEffect, useRef } from 'react';
import { db } from '../../../db/db';
import { existingPhonesFor } from '../../../db/import-repo';
import { createImportSession, type ImportSession } from '../import-session';

export function useImportSession(): () => ImportSession {
  const session = useRef<ImportSession | null>(null);
  useEffect(
    () => () => {
      session.current?.close();
      session.current = null;
    },
    [],
  );
  return useCallback(() => {
    session.current ??= createImportSession(async (phones) =>
      [...(await existingPhonesFor(db, phones))].map(([phone, cards]) => [phone, [...cards]]),
    );
    return session.current;
  }, []);
}
