// The team (users of the dealership, as the last sync brought them), read live. Every screen that
// names a consultant reads it through this hook rather than querying the table itself.

import { useLiveQuery } from 'dexie-react-hooks';
import type { TeamMember } from '../../shared/sync/protocol';
import { db } from './db';

/** undefined while loading; in primary-key order (sort where the screen needs an order). */
export function useTeam(): TeamMember[] | undefined {
  return useLiveQuery(() => db.team.toArray(), []);
}
