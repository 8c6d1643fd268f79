import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db/db';
import { departedIds } from './departed';

const NONE: ReadonlySet<string> = new Set();

/** Departed team members' ids, live (a refreshed team updates every marker); empty while loading. */
export function useDepartedOwnerIds(): ReadonlySet<string> {
  return useLiveQuery(async () => departedIds(await db.team.toArray()), []) ?? NONE;
}
