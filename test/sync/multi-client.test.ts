// Several clients (the app's data layer and sync engine, each over its own database) against a
// real sync server process on loopback: PostgreSQL when TEST_DATABASE_URL is set, else PGlite.

import { afterEach, describe, expect, it } from 'vitest';
import { requestLost } from '../../renderer/db/customers-repo';
import { addNote } from '../../renderer/db/timeline-repo';
import { queryDuplicateClaims } from '../../renderer/features/duplicates/duplicate-claims';
import { clientId } from '../../renderer/db/write-path';
import { planRoundRobin } from '../../shared/domain/reassign';
import type { SyncConflict } from '../../shared/sync/conflict';
import {
  addAccounts,
  clientSnapshot,
  createClient,
  serverSnapshot,
  type Account,
  type Client,
} from '../support/sync-clients';
import {
  addCard,
  editCard,
  eventually,
  login,
  planCall,
  uniquePhone,
} from '../support/sync-scenario';
import { ADMIN, serverForThisFile, startServerProcess } from '../support/server-process';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL);

const server = serverForThisFile('multi', '广州天河4S店');
const open: Client[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

async function clientOf(account: Account, options: { liveEvents?: boolean; url?: string } = {}) {
  const client = await createClient(account.login, options.url ?? server.url, options);
  open.push(client);
  return login(client, account);
}

async function team() {
  const [alice, bob, boss] = await addAccounts(server.api, ADMIN, [
    { name: '李娜', role: 'consultant' },
    { name: '王强', role: 'consultant' },
    { name: '张经理', role: 'manager' },
  ]);
  if (!alice || !bob || !boss) throw new Error('accounts not created');
  return { alice, bob, boss };
}

const conflictsOf = (client: Client) => client.db.table<SyncConflict>('conflicts').toArray();

/** Every client equals the server's view of its user, with nothing left to push. */
async function expectConverged(pairs: Array<[Client, Account]>) {
  for (const [client, account] of pairs) {
    expect(await client.db.outbox.count(), `${client.label} outbox`).toBe(0);
    expect(await clientSnapshot(client.db), `${client.label} rows`).toEqual(
      await serverSnapshot(server.api, account.login, account.password),
    );
  }
}

describe(
  `multi-client sync against a server process on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`,
  { timeout: 60_000 },
  () => {
    it('keeps concurrent edits of different fields of one card from two people', async () => {
      const { alice, boss } = await team();
      const a = await clientOf(alice);
      const m = await clientOf(boss);
      const card = await addCard(a, '陈先生', { city: '广州' });
      await a.engine.syncNow();
      await m.engine.syncNow();
      expect((await m.db.customers.get(card.id))?.name).toBe('陈先生');

      a.setOnline(false);
      m.setOnline(false);
      await editCard(a, card.id, { city: '佛山' });
      await editCard(m, card.id, { notes: '周六带家人试驾' });
      a.setOnline(true);
      m.setOnline(true);
      await a.engine.syncNow();
      await m.engine.syncNow();
      await a.engine.syncNow();

      for (const client of [a, m]) {
        expect(await client.db.customers.get(card.id)).toMatchObject({
          city: '佛山',
          notes: '周六带家人试驾',
        });
        expect(await conflictsOf(client)).toEqual([]);
      }
      await expectConverged([
        [a, alice],
        [m, boss],
      ]);
    });

    it('resolves one field the same way everywhere and keeps the losing value as a conflict', async () => {
      const { alice, boss } = await team();
      const [deputy] = await addAccounts(server.api, ADMIN, [
        { name: '刘副经理', role: 'manager' },
      ]);
      if (!deputy) throw new Error('no deputy');
      const a = await clientOf(alice);
      const m = await clientOf(boss);
      const d = await clientOf(deputy);
      const card = await addCard(a, '周女士');
      await a.engine.syncNow();
      await Promise.all([m.engine.syncNow(), d.engine.syncNow()]);

      for (const client of [a, m, d]) client.setOnline(false);
      // Alice writes first (older HLC) but reaches the server last.
      await editCard(a, card.id, { notes: '预算30万以内' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await editCard(m, card.id, { notes: '已交定金意向强' });
      for (const client of [m, a, d]) {
        client.setOnline(true);
        await client.engine.syncNow();
      }
      await m.engine.syncNow();

      for (const client of [a, m, d]) {
        expect((await client.db.customers.get(card.id))?.notes, client.label).toBe(
          '已交定金意向强',
        );
        const conflicts = await conflictsOf(client);
        expect(conflicts, client.label).toHaveLength(1);
        expect(conflicts[0]).toMatchObject({
          customerId: card.id,
          field: 'notes',
          keptValue: '已交定金意向强',
          keptBy: boss.id,
          lostValue: '预算30万以内',
          lostBy: alice.id,
          lostByName: '李娜',
          resolution: null,
        });
      }
      await expectConverged([
        [a, alice],
        [m, boss],
        [d, deputy],
      ]);
    });

    it('ends with the newer value when a pull brings it while an older local change waits', async () => {
      const { alice, boss } = await team();
      const a = await clientOf(alice);
      const m = await clientOf(boss);
      const card = await addCard(a, '吴先生', { city: '广州' });
      await a.engine.syncNow();
      await m.engine.syncNow();

      // Alice edits offline (older clock); the manager edits the same field later and pushes.
      a.setOnline(false);
      await editCard(a, card.id, { city: '佛山' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await editCard(m, card.id, { city: '深圳' });
      await m.engine.syncNow();

      // Alice's laptop pulls before it pushes (a command's pull, or a write between the push and
      // the pull of a round): the newer value arrives while her older change is still waiting.
      a.setOnline(true);
      await a.engine.pull();
      expect((await a.db.customers.get(card.id))?.city).toBe('深圳');
      await a.engine.push();
      expect((await a.db.customers.get(card.id))?.city).toBe('深圳');
      await a.engine.syncNow();
      await m.engine.syncNow();

      for (const client of [a, m]) {
        expect((await client.db.customers.get(card.id))?.city, client.label).toBe('深圳');
        // Nothing typed is lost: Alice's value is kept as a conflict.
        const aboutCard = (await conflictsOf(client)).filter(({ rowId }) => rowId === card.id);
        expect(aboutCard, client.label).toMatchObject([
          { field: 'city', keptValue: '深圳', lostValue: '佛山', lostBy: alice.id },
        ]);
      }
      await expectConverged([
        [a, alice],
        [m, boss],
      ]);
    });

    it('takes the winner from the push answer when an older change lost on the server', async () => {
      const { alice, boss } = await team();
      const a = await clientOf(alice);
      const m = await clientOf(boss);
      const card = await addCard(a, '孙女士', { city: '广州' });
      await a.engine.syncNow();
      await m.engine.syncNow();

      a.setOnline(false);
      await editCard(a, card.id, { city: '佛山' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await editCard(m, card.id, { city: '深圳' });
      await m.engine.syncNow();

      // Push only: the answer alone brings the winner, no pull needed.
      a.setOnline(true);
      const pushes = a.pushes.length;
      await a.engine.push();
      expect(a.pushes.length).toBe(pushes + 1);
      const local = await a.db.customers.get(card.id);
      expect(local?.city).toBe('深圳');
      expect(await a.db.outbox.count()).toBe(0);
      const held = await serverSnapshot(server.api, alice.login, alice.password);
      expect(local).toEqual(held.customers[card.id]);
    });

    it('sends a day of offline work on reconnect, and every change arrives exactly once', async () => {
      const { alice, boss } = await team();
      const a = await clientOf(alice);
      const m = await clientOf(boss);
      await a.engine.start();
      await a.engine.whenIdle();
      a.setOnline(false);

      const cards = [];
      for (const name of ['展会客户一', '展会客户二', '展会客户三']) {
        cards.push(await addCard(a, name, { tags: ['2026广州车展'] }));
      }
      const [first] = cards;
      if (!first) throw new Error('no cards');
      await editCard(a, first.id, { city: '东莞' });
      await planCall(a, first.id, '邀约试驾');
      const pending = await a.db.outbox.count();
      expect(pending).toBeGreaterThan(0);
      expect(a.engine.getStatus()).toMatchObject({ state: 'offline', pending });

      // The network comes back: the engine pushes by itself.
      a.setOnline(true);
      await eventually(async () => {
        expect(await a.db.outbox.count()).toBe(0);
        expect(a.engine.getStatus().state).toBe('idle');
      });

      await m.engine.syncNow();
      const seen = await m.db.customers.where('ownerId').equals(alice.id).toArray();
      expect(seen.map((customer) => customer.name).sort()).toEqual(
        ['展会客户一', '展会客户二', '展会客户三'].sort(),
      );
      expect(seen.find((customer) => customer.id === first.id)?.city).toBe('东莞');
      const plans = await m.db.followUps.where('customerId').equals(first.id).toArray();
      // The first contact every new card gets, and the planned test-drive call: once each.
      expect(plans.map((plan) => plan.purpose).sort()).toEqual(
        ['first_contact', '邀约试驾'].sort(),
      );
      // Each push went once: no (client, seq) was sent in two different bodies.
      const sent = a.pushes.flatMap((body) => body.mutations.map((mutation) => mutation.seq));
      expect(new Set(sent).size).toBe(sent.length);
      await expectConverged([
        [a, alice],
        [m, boss],
      ]);
    });

    it('changes nothing when a push is replayed', async () => {
      const { alice, boss } = await team();
      const a = await clientOf(alice);
      const card = await addCard(a, '黄先生');
      await editCard(a, card.id, { notes: '第一次到店' });
      await a.engine.syncNow();
      const [body] = a.pushes;
      expect(body?.mutations.length).toBeGreaterThan(0);

      const { accessToken } = await server.api.login(boss.login, boss.password);
      const before = await server.api.pullAll(accessToken);
      // The same batch again, as after a lost response, from the same client.
      const again = await server.api.login(alice.login, alice.password, await clientId(a.db));
      const replay = await server.api.push(again.accessToken, body!);
      expect(replay.acks.map((ack) => [ack.status, ack.replayed])).toEqual(
        body!.mutations.map(() => ['applied', true]),
      );
      const after = await server.api.pullAll(accessToken);
      expect(after.cursor).toBe(before.cursor);
      expect(after.changes).toEqual(before.changes);
    });

    it('hands a customer over while the old owner is offline without losing their edits', async () => {
      const { alice, bob, boss } = await team();
      const a = await clientOf(alice);
      const b = await clientOf(bob);
      const card = await addCard(a, '林先生');
      await a.engine.syncNow();

      // Alice, offline, goes on working on the card before the manager reassigns it…
      a.setOnline(false);
      await editCard(a, card.id, { city: '深圳' });
      const call = await planCall(a, card.id, '确认上牌资料');
      await new Promise((resolve) => setTimeout(resolve, 5));
      const { accessToken } = await server.api.login(boss.login, boss.password);
      expect(await server.api.reassign(accessToken, [card.id], bob.id)).toEqual({
        reassigned: 1,
        skipped: [],
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      // …and after it, still not knowing.
      await editCard(a, card.id, { notes: '客户说下周再来' });
      await b.engine.syncNow();
      expect((await b.db.customers.get(card.id))?.ownerId).toBe(bob.id);

      a.setOnline(true);
      await a.engine.syncNow();
      // The card and its rows left Alice's laptop; nothing is waiting.
      expect(await a.db.customers.get(card.id)).toBeUndefined();
      expect(await a.db.followUps.where('customerId').equals(card.id).count()).toBe(0);
      expect(await a.db.outbox.count()).toBe(0);

      await b.engine.syncNow();
      // Made before the reassignment: accepted.
      expect(await b.db.customers.get(card.id)).toMatchObject({ city: '深圳', ownerId: bob.id });
      expect((await b.db.followUps.get(call.id))?.purpose).toBe('确认上牌资料');
      // Made after it: kept as a conflict for the new owner, with Alice's value.
      const conflicts = await conflictsOf(b);
      expect(conflicts.find((conflict) => conflict.field === 'notes')).toMatchObject({
        customerId: card.id,
        lostValue: '客户说下周再来',
        lostBy: alice.id,
      });
      await expectConverged([
        [a, alice],
        [b, bob],
      ]);
    });

    it('a manager decides a lost request; the consultant’s laptop gets the decision', async () => {
      const { alice, boss } = await team();
      const a = await clientOf(alice);
      const m = await clientOf(boss);
      const card = await addCard(a, '何先生');
      await requestLost(await a.ctx(), card.id, { reason: '买了竞品', competitorBought: '某品牌' });
      await a.engine.syncNow();
      await m.engine.syncNow();
      expect((await m.db.customers.get(card.id))?.status).toBe('lost_requested');

      await expect(
        m.engine.decideLost({ customerId: card.id, decision: 'approve', note: '同意' }),
      ).resolves.toEqual({ status: 'lost' });
      // The manager's own laptop already shows it (the command pulls).
      expect((await m.db.customers.get(card.id))?.status).toBe('lost');
      await expect(
        m.engine.decideLost({ customerId: card.id, decision: 'send_back' }),
      ).rejects.toMatchObject({ status: 409 });

      await a.engine.syncNow();
      expect((await a.db.customers.get(card.id))?.status).toBe('lost');
      const entries = await a.db.timeline.where('customerId').equals(card.id).toArray();
      expect(entries.find((entry) => entry.kind === 'lost_approved')).toMatchObject({
        text: '同意',
        actorName: '张经理',
      });
      await expectConverged([
        [a, alice],
        [m, boss],
      ]);
    });

    it('a manager deletes a card for everyone and restores it with its rows', async () => {
      const { alice, boss } = await team();
      const a = await clientOf(alice);
      const m = await clientOf(boss);
      const card = await addCard(a, '孙女士');
      const call = await planCall(a, card.id, '约试驾');
      await a.engine.syncNow();
      await m.engine.syncNow();
      expect(await m.db.customers.get(card.id)).toBeDefined();

      await expect(
        a.engine.deleteCustomer({ customerId: card.id, reason: '不想要了' }),
      ).rejects.toMatchObject({ status: 403 });
      await m.engine.deleteCustomer({ customerId: card.id, reason: '重复录入' });
      // The command pulls: the manager's laptop drops it at once; Alice's with her next sync.
      expect(await m.db.customers.get(card.id)).toBeUndefined();
      await a.engine.syncNow();
      expect(await a.db.customers.get(card.id)).toBeUndefined();
      expect(await a.db.followUps.get(call.id)).toBeUndefined();
      const { customers } = await m.engine.listDeletedCustomers();
      expect(customers.map((deleted) => [deleted.id, deleted.reason, deleted.ownerName])).toEqual([
        [card.id, '重复录入', '李娜'],
      ]);

      await m.engine.restoreCustomer(card.id);
      await a.engine.syncNow();
      expect(await a.db.customers.get(card.id)).toMatchObject({
        deleted: false,
        ownerId: alice.id,
      });
      expect((await a.db.followUps.get(call.id))?.purpose).toBe('约试驾');
      const kinds = (await a.db.timeline.where('customerId').equals(card.id).toArray()).map(
        (entry) => entry.kind,
      );
      expect(kinds).toEqual(expect.arrayContaining(['customer_deleted', 'customer_restored']));
      expect((await m.engine.listDeletedCustomers()).customers).toEqual([]);
      await m.engine.syncNow();
      await expectConverged([
        [a, alice],
        [m, boss],
      ]);
    });

    it('a manager spreads a consultant’s customers round-robin; each laptop gets its share', async () => {
      const { alice, bob, boss } = await team();
      const [carol] = await addAccounts(server.api, ADMIN, [{ name: '陈静', role: 'consultant' }]);
      if (!carol) throw new Error('no carol');
      const a = await clientOf(alice);
      const b = await clientOf(bob);
      const c = await clientOf(carol);
      const m = await clientOf(boss);
      const cards = [];
      for (const name of ['一号客户', '二号客户', '三号客户']) cards.push(await addCard(a, name));
      await a.engine.syncNow();
      await m.engine.syncNow();

      const ids = cards.map((card) => card.id);
      const progress: number[] = [];
      const result = await m.engine.reassignCustomers(
        planRoundRobin(ids, [bob.id, carol.id]),
        (done) => progress.push(done),
      );
      expect(result).toEqual({ reassigned: 3, skipped: [] });
      expect(progress.at(-1)).toBe(3);
      expect((await m.db.customers.bulkGet(ids)).map((card) => card?.ownerId)).toEqual([
        bob.id,
        carol.id,
        bob.id,
      ]);

      for (const client of [a, b, c]) await client.engine.syncNow();
      expect(await a.db.customers.count()).toBe(0);
      expect((await b.db.customers.toArray()).map((card) => card.name).sort()).toEqual(
        ['一号客户', '三号客户'].sort(),
      );
      expect((await c.db.customers.toArray()).map((card) => card.name)).toEqual(['二号客户']);
      await expectConverged([
        [a, alice],
        [b, bob],
        [c, carol],
        [m, boss],
      ]);
    });

    it('a manager merges a duplicate claim; the laptops follow and an offline edit is kept', async () => {
      const { alice, bob, boss } = await team();
      const a = await clientOf(alice);
      const b = await clientOf(bob);
      const m = await clientOf(boss);
      const shared = uniquePhone();
      const other = uniquePhone();
      const lost = await addCard(a, '张叁', { phones: [{ number: shared }], city: '北京' });
      const kept = await addCard(b, '张三', {
        phones: [{ number: shared }, { number: other }],
      });
      await addNote(await a.ctx(), lost.id, '第一次到店');
      await addNote(await b.ctx(), kept.id, '试驾了汉');
      for (const client of [a, b, m]) await client.engine.syncNow();

      const [claim] = await queryDuplicateClaims(m.db);
      expect(claim?.cards.map((card) => card.id).sort()).toEqual([lost.id, kept.id].sort());
      expect(claim?.sharedPhones).toEqual([shared]);

      // Alice, offline, adds to her card before the manager merges it away…
      a.setOnline(false);
      await editCard(a, lost.id, { notes: '周末有空', wechatId: 'zhang88' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await expect(
        m.engine.mergeDuplicateCustomers({
          survivorId: kept.id,
          mergedIds: [lost.id],
          ownerId: bob.id,
        }),
      ).resolves.toMatchObject({ merged: [lost.id], alreadyMerged: [] });
      // The manager's laptop shows it at once: one card, both numbers, no claim left.
      expect(await m.db.customers.get(lost.id)).toBeUndefined();
      expect((await m.db.customers.get(kept.id))?.phones).toEqual([shared, other]);
      expect(await queryDuplicateClaims(m.db)).toEqual([]);

      await b.engine.syncNow();
      const notes = (await b.db.timeline.where('customerId').equals(kept.id).toArray()).filter(
        (entry) => entry.kind === 'note',
      );
      expect(notes.map((entry) => entry.text).sort()).toEqual(['第一次到店', '试驾了汉'].sort());
      const merged = (await b.db.timeline.where('customerId').equals(kept.id).toArray()).find(
        (entry) => entry.kind === 'merged',
      );
      expect(merged).toMatchObject({ actorName: '张经理' });

      // …and comes back: her card leaves her laptop, her edit lands on the kept card.
      a.setOnline(true);
      await a.engine.syncNow();
      expect(await a.db.customers.get(lost.id)).toBeUndefined();
      expect(await a.db.timeline.where('customerId').equals(lost.id).count()).toBe(0);
      expect(await a.db.followUps.count()).toBe(0);
      expect(await a.db.outbox.count()).toBe(0);
      await b.engine.syncNow();
      const card = await b.db.customers.get(kept.id);
      // Her card's city filled the kept card's empty one at the merge; her later WeChat id too.
      expect(card).toMatchObject({ ownerId: bob.id, wechatId: 'zhang88', city: '北京' });
      expect(card?.notes).toContain('周末有空');
      await m.engine.syncNow();
      await expectConverged([
        [a, alice],
        [b, bob],
        [m, boss],
      ]);
    });

    // PGlite belongs to one process: two instances need PostgreSQL (CI sets TEST_DATABASE_URL).
    it.skipIf(!onPostgres)(
      `pokes clients of another server instance on the same PostgreSQL${onPostgres ? '' : ' (skipped: set TEST_DATABASE_URL to run two instances on one PostgreSQL)'}`,
      async () => {
        const second = await startServerProcess(server.storage);
        try {
          const { alice, boss } = await team();
          const a = await clientOf(alice);
          const m = await clientOf(boss, { liveEvents: true, url: second.url });
          await m.engine.start();
          await eventually(async () => expect(m.engine.getStatus().state).toBe('idle'));

          const card = await addCard(a, '郑女士');
          await a.engine.syncNow();
          // No sync call on the manager's side: only the poke from the other instance.
          await eventually(async () => {
            expect((await m.db.customers.get(card.id))?.name).toBe('郑女士');
          });
        } finally {
          await second.stop();
        }
      },
      60_000,
    );
  },
);
