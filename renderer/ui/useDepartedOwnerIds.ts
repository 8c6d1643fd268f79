import { useMemo } from 'react';
import { useTeam } from '../db/useTeam';
import { departedIds } from './departed';

const NONE: ReadonlySet<string> = new Set();

/** Departed team members' ids, live (a refreshed team updates every marker); empty while loading. */
export function useDepartedOwnerIds(): ReadonlySet<string> {
  const team = useTeam();
  return useMemo(() => (team ? departedIds(team) : NONE), [team]);
}
