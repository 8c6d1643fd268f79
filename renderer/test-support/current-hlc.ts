// The local clock as an HLC timestamp, for tests that compare it with the server's clock. The
// app itself never needs it as a string, so it lives beside the tests, not in local-apply.ts.

import { formatHlc } from '../../shared/sync/hlc';
import type { AppDB } from '../db/AppDB';
import { clientId } from '../db/write-path';

export async function currentHlc(db: AppDB): Promise<string | null> {
  const stored = await db.syncState.get('hlc');
  if (stored?.key !== 'hlc') return null;
  return formatHlc({ millis: stored.millis, counter: stored.counter, node: await clientId(db) });
}
