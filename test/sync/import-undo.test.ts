// The undo of an import that already synced, end to end: the app's own import and undo code and
// sync engines (one laptop per user) against a real sync server process on loopback (PostgreSQL
// when TEST_DATABASE_URL is set, else PGlite).

import { afterEach, describe, expect, it } from 'vitest';
import { applyImport, planAgainstDatabase, undoImport } from '../../renderer/db/import-repo';
import type { SheetGrid } from '../../shared/import/grid';
import {
  addAccounts,
  clientSnapshot,
  createClient,
  visibleCards,
  type Account,
  type Client,
} from '../support/sync-clients';
import { editCard, login, uniquePhone } from '../support/sync-scenario';
import { ADMIN, serverForThisFile } from '../support/server-process';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL);

const server = serverForThisFile('importundo', '广州天河4S店');
const open: Client[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

async function clientOf(account: Account) {
  const client = await createClient(account.login, server.url);
  open.push(client);
  return login(client, account);
}

/** A registration sheet of `count` leads, as the importer reads it. */
function sheet(count: number): SheetGrid {
  const lines = [
    ['姓名', '电话'],
    ...Array.from({ length: count }, (_, n) => [`客户${n}`, uniquePhone()]),
  ];
  return { sheet: null, rows: lines.map((cells, index) => ({ line: index + 1, cells })) };
}

describe(
  `undo of a synced import against a server process on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`,
  { timeout: 180_000 },
  () => {
    it('takes back 300 synced leads for everyone but the one the manager worked on; a manager restores one', async () => {
      const [alice, boss] = await addAccounts(server.api, ADMIN, [
        { name: '李娜', role: 'consultant' },
        { name: '张经理', role: 'manager' },
      ]);
      if (!alice || !boss) throw new Error('accounts not created');
      const a = await clientOf(alice);
      const m = await clientOf(boss);
      const ctx = await a.ctx();
      const plan = await planAgainstDatabase(
        a.db,
        { grid: sheet(300), importer: { id: ctx.actorId, role: 'consultant' } },
        ctx.now(),
      );
      const batch = await applyImport(ctx, plan, { fileName: '车展名单.xlsx', importName: '车展' });
      expect(batch.counts.created).toBe(300);
      const imported = (await a.db.customers.toArray()).map((card) => card.id).sort();
      await a.engine.syncNow();
      await m.engine.syncNow();
      expect(await a.db.outbox.count()).toBe(0);
      expect((await visibleCards(m)).length).toBe(300);

      // The manager calls one of the leads and notes it: that card is no longer Alice's alone.
      const [touched, restored] = imported as [string, string];
      await editCard(m, touched, { notes: '经理已电话联系，周六到店' });
      await m.engine.syncNow();
      await a.engine.syncNow();

      const result = await undoImport(ctx, batch.id, {
        withdrawOnServer: a.engine.withdrawImportedCustomers,
      });
      expect(result).toMatchObject({
        withdrawable: [],
        withdrawn: 299,
        refused: [{ customerId: touched, reason: 'others_activity' }],
        complete: true,
      });
      expect(result.keptOnServer.sort()).toEqual(imported);
      expect((await visibleCards(a)).map((card) => card.id)).toEqual([touched]);
      await m.engine.syncNow();
      expect((await visibleCards(m)).map((card) => card.id)).toEqual([touched]);

      // A manager brings one back (within 30 days): both laptops get it again, with its follow-up.
      await m.engine.restoreCustomer(restored);
      await a.engine.syncNow();
      expect((await visibleCards(a)).map((card) => card.id).sort()).toEqual(
        [touched, restored].sort(),
      );
      expect(await a.db.followUps.where('customerId').equals(restored).count()).toBe(1);

      // Each laptop holds what a fresh laptop of its user gets from the server. (A fresh one, not
      // the raw pull: a deleted card's rows stay on the server, and its remove takes them along.)
      for (const [client, account] of [
        [a, alice],
        [m, boss],
      ] as const) {
        await client.engine.syncNow();
        expect(await client.db.outbox.count()).toBe(0);
        const fresh = await clientOf(account);
        await fresh.engine.syncNow();
        expect(await clientSnapshot(client.db)).toEqual(await clientSnapshot(fresh.db));
      }
    });
  },
);
