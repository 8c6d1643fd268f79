import { useMemo } from 'react';
import { db } from '../db/db';
import { writeContextFor } from '../db/profile-repo';
import type { WriteContext } from '../db/write-path';
import { useAppStore } from './store';

/** The context every repository write needs: this laptop's user, now. */
export function useWriteContext(): WriteContext {
  const profile = useAppStore((state) => state.profile);
  if (!profile) throw new Error('useWriteContext used before the profile was loaded');
  return useMemo(() => writeContextFor(db, profile), [profile]);
}
