// The set-based push (push.ts) against the per-mutation push it replaced
// (test-support/per-mutation-push.ts): for random batches on a dealership with something of
// everything — new rows, edits on top of the stored value or from stale copies, clocks older and
// newer than the stored ones, before and after a reassignment or a merge, replays, refusals of
// every kind, the three writers, values the database refuses — both must leave exactly the same
// rows, clocks, conflicts, removals, stored outcomes, client and server clocks, and answer with the
// same acks. Both run from the same rows (a transaction rolled back after each) at the same frozen
// time, so even the server's clocks must come out alike.

import fc from 'fast-check';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { formatHlc } from '../../shared/sync/hlc';
import type { Mutation, PushRequest, PushResponse } from '../../shared/sync/protocol';
import type { SyncTableName } from '../../shared/sync/tables';
import type { Caller } from '../auth/authorize';
import type { Database } from '../db/database';
import {
  createTestApp,
  customerFields,
  describeEachBackend,
  followUpFields,
  hlcOf,
  timelineFields,
  type TestApp,
} from '../test-support';
import { push } from './push';
import { pushPerMutation } from './test-support/per-mutation-push';
import {
  buildPushWorld,
  CONNECTION_LOST,
  REFUSED_BY_DATABASE,
  rowKey,
  tracePush,
  type PushTrace,
  type PushWorld,
  type PusherKey,
} from './test-support/push-world';

/** Random batches per backend (the hand-made examples come on top); a seed replays a failure. */
const RUNS = Number(process.env.PUSH_ORACLE_RUNS ?? 40);
const SEED = process.env.PUSH_ORACLE_SEED ? Number(process.env.PUSH_ORACLE_SEED) : undefined;

type Time =
  | 'beforeCommands'
  | 'afterCommands'
  | 'now'
  /** Ahead of the server, within the drift it accepts. */
  | 'ahead'
  /** Too far ahead: clock_drift. */
  | 'drift'
  | 'malformed'
  /** Another client's node. */
  | 'foreign';

type SeqChoice =
  | { kind: 'fresh' }
  /** A seq the client pushed before the batch (its outcome is stored). */
  | { kind: 'stored'; pick: number }
  /** A seq used earlier in the batch. */
  | { kind: 'again'; pick: number };

type Draft = {
  table: SyncTableName;
  rowId: string;
  fields: Record<string, unknown>;
  base: 'none' | 'stored' | 'stale';
  time: Time;
  seq: SeqChoice;
};

type Batch = { pusher: PusherKey; drafts: Draft[]; inOrder: boolean };

/** Ids of rows the world does not have: new rows of a batch (the same in every batch). */
const NEW_IDS = [1, 2, 3, 4].map(
  (n) => `0190f000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
);
const UNKNOWN_CUSTOMER = '0190f000-0000-7000-8000-0000000000ff';
const MISSING_ATTACHMENT = `att:sha256-${'0'.repeat(64)}`;

/**
 * The one place the two pushes are meant to differ: the set-based push offers the database each
 * row once, as the batch leaves it, where the per-mutation push offered every row after every
 * change. A value the database refuses that a later change of the same batch replaces is never
 * offered (and its change is applied); the per-mutation push refused that change. So a change that
 * replaces a refused value (REFUSED_BY_DATABASE, CONNECTION_LOST) is left out of the batch.
 */
function withoutRewritesOfRefusedValues(drafts: Draft[]): Draft[] {
  const refused = new Set<string>();
  return drafts.filter((draft) => {
    const key = rowKey(draft.table, draft.rowId);
    const touched = ['name', 'purpose'].filter((field) => field in draft.fields);
    if (touched.some((field) => refused.has(`${key}\u0000${field}`))) return false;
    for (const field of touched) {
      const value = draft.fields[field];
      if (value === REFUSED_BY_DATABASE || value === CONNECTION_LOST) {
        refused.add(`${key}\u0000${field}`);
      }
    }
    return true;
  });
}

describeEachBackend('set-based push against the per-mutation oracle', (backend) => {
  let t: TestApp;
  let world: PushWorld;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await buildPushWorld(t);
  }, 120_000);
  afterAll(async () => t?.close());

  /** The request a batch stands for: HLCs in outbox order when `inOrder`, seqs as chosen. */
  function requestOf(batch: Batch): PushRequest {
    const pusher = world.pushers[batch.pusher];
    const clientId = pusher.user.clientId;
    const millisOf: Record<Time, number> = {
      beforeCommands: world.times.beforeCommands,
      afterCommands: world.times.afterCommands,
      now: world.times.now,
      ahead: world.times.now + 60_000,
      drift: world.times.now + 3_600_000,
      malformed: 0,
      foreign: world.times.now,
    };
    const drafts = withoutRewritesOfRefusedValues(
      batch.inOrder
        ? [...batch.drafts].sort((x, y) => millisOf[x.time] - millisOf[y.time])
        : batch.drafts,
    );
    const stale = hlcOf(world.pushers.b.user.clientId, world.times.beforeCommands - 3_600_000);
    let next = pusher.nextSeq;
    const used: number[] = [];
    const mutations = drafts.map((draft, position): Mutation => {
      const node = draft.time === 'foreign' ? world.pushers.b.user.clientId : clientId;
      const hlc =
        draft.time === 'malformed'
          ? 'yesterday'
          : formatHlc({ millis: millisOf[draft.time], counter: position, node });
      let seq: number;
      if (draft.seq.kind === 'stored') {
        seq = pusher.storedSeqs[draft.seq.pick % pusher.storedSeqs.length] ?? next++;
      } else if (draft.seq.kind === 'again' && used.length > 0) {
        seq = used[draft.seq.pick % used.length] ?? next++;
      } else {
        seq = next++;
      }
      used.push(seq);
      const stored = world.clocks.get(rowKey(draft.table, draft.rowId)) ?? {};
      const base =
        draft.base === 'none'
          ? undefined
          : Object.fromEntries(
              Object.keys(draft.fields).map((field) => [
                field,
                draft.base === 'stored' ? (stored[field] ?? stale) : stale,
              ]),
            );
      return {
        seq,
        table: draft.table,
        rowId: draft.rowId,
        hlc,
        fields: draft.fields,
        ...(base ? { base } : {}),
      };
    });
    return { clientId, mutations };
  }

  /** Runs a push at the world's frozen time, on the world as built, and keeps nothing of it. */
  async function trace(
    pushWith: (db: Database, caller: Caller, request: PushRequest) => Promise<PushResponse>,
    batch: Batch,
  ): Promise<PushTrace> {
    const pusher = world.pushers[batch.pusher];
    const request = requestOf(batch);
    vi.useFakeTimers({ toFake: ['Date'], now: world.times.now });
    try {
      return await tracePush(
        t.db,
        world,
        (db) => pushWith(db, pusher.caller, request),
        pusher.user.clientId,
      );
    } finally {
      vi.useRealTimers();
    }
  }

  /** Every outcome the property met, to show the batches reached what they are meant to. */
  const met = new Set<string>();

  function note(result: PushTrace): void {
    if ('thrown' in result.answer) {
      met.add(`thrown ${result.answer.sqlState ?? result.answer.thrown}`);
      return;
    }
    for (const ack of result.answer.acks) {
      met.add(ack.replayed ? `replayed ${ack.status}` : (ack.reason ?? ack.status));
      if (ack.current && ack.status === 'applied') met.add('applied with current');
      if (ack.message?.includes('database error')) met.add('refused by the database');
    }
    if (result.records.some((row) => row.table === 'conflicts' && row.written !== 'before')) {
      met.add('conflict kept');
    }
    if (result.removals.length > 0) met.add('removal');
  }

  async function compare(batch: Batch): Promise<void> {
    const expected = await trace(pushPerMutation, batch);
    const actual = await trace(push, batch);
    note(expected);
    expect(actual).toEqual(expected);
  }

  function arbitraries() {
    const { ids, shop } = world;
    const a = shop.consultantA;
    const b = shop.consultantB;
    const iso = fc.constantFrom('2026-03-01T08:00:00.000Z', '2026-03-02T09:30:00.000Z');
    const customers = [
      ids.cardA,
      ids.cardA2,
      ids.cardB,
      ids.reassigned,
      ids.merged,
      ids.survivor,
      ids.deleted,
    ];
    /** A change of a few of the fields (one or two most often, as people edit). */
    const partial = (fields: Record<string, fc.Arbitrary<unknown>>) =>
      fc
        .uniqueArray(fc.constantFrom(...Object.keys(fields)), { maxLength: 5 })
        .chain((names) =>
          fc.record(
            Object.fromEntries(names.map((name) => [name, fields[name] ?? fc.constant(null)])),
          ),
        );

    const changeOf: Record<SyncTableName, fc.Arbitrary<Record<string, unknown>>> = {
      customers: partial({
        name: fc.constantFrom('李娜', '张伟'),
        city: fc.constantFrom('上海', '杭州'),
        notes: fc.constantFrom('', '来店试驾', '周末再联系'),
        tags: fc.constantFrom([], ['vip'], ['试驾', 'vip']),
        phones: fc.constantFrom(['13800130001'], ['13900139000']),
        hasNeed: fc.boolean(),
        hasConfidence: fc.boolean(),
        hasPurchasingPower: fc.boolean(),
        qualificationGrade: fc.constantFrom('A', 'B', 'C', 'N'),
        status: fc.constantFrom('new', 'following', 'lost'),
        updatedAt: iso,
        ownerId: fc.constantFrom(a.id, b.id),
        dealershipId: fc.constantFrom(shop.dealershipId, 'elsewhere'),
        deleted: fc.boolean(),
        referralsMade: fc.constantFrom(0, 2),
      }),
      followUps: partial({
        purpose: fc.constantFrom('回访', '试驾邀约'),
        state: fc.constantFrom('planned', 'done', 'cancelled'),
        result: fc.constantFrom('', '已联系'),
        dueAt: iso,
        customerId: fc.constantFrom(...customers),
      }),
      timeline: partial({
        text: fc.constantFrom('来电', '到店'),
        kind: fc.constantFrom('note', 'merged'),
        actorId: fc.constantFrom(a.id, b.id),
        actorName: fc.constantFrom(a.name, '某人'),
      }),
      deliveries: partial({
        state: fc.constantFrom('scheduled', 'completed'),
        completedAt: iso,
        signature: fc.constantFrom('', 'data:image/png;base64,AAAA', MISSING_ATTACHMENT),
        signedBy: fc.constant('王伟'),
      }),
      deliveryItems: partial({
        state: fc.constantFrom('open', 'done', 'not_applicable'),
        doneBy: fc.constantFrom(null, a.id),
        doneByName: fc.constantFrom('', '某人'),
        notApplicableReason: fc.constant('新车无需'),
      }),
      settings: partial({
        escalationHours: fc.constantFrom(6, 24, 0),
        intentThresholds: fc.constant({ H: 3, A: 20, B: 60 }),
      }),
      conflicts: partial({
        resolution: fc.constantFrom('reapplied', 'dismissed', null),
        resolvedAt: iso,
        resolvedBy: fc.constantFrom(a.id, null),
        updatedAt: iso,
        keptValue: fc.constant('x'),
      }),
      orders: fc.constant({}),
      checklistTemplates: fc.constant({}),
      surveys: fc.constant({}),
      complaints: fc.constant({}),
    };

    const time = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom<Time>('beforeCommands', 'afterCommands', 'now') },
      {
        weight: 1,
        arbitrary: fc.constantFrom<Time>('ahead', 'drift', 'malformed', 'foreign'),
      },
    );
    const seq = fc.oneof(
      { weight: 8, arbitrary: fc.constant<SeqChoice>({ kind: 'fresh' }) },
      { weight: 1, arbitrary: fc.nat(20).map((pick): SeqChoice => ({ kind: 'stored', pick })) },
      { weight: 1, arbitrary: fc.nat(20).map((pick): SeqChoice => ({ kind: 'again', pick })) },
    );
    const draft = (
      target: fc.Arbitrary<{
        table: SyncTableName;
        rowId: string;
        fields: Record<string, unknown>;
      }>,
    ) =>
      fc
        .record({
          target,
          base: fc.constantFrom<Draft['base']>('none', 'stored', 'stale'),
          time,
          seq,
        })
        .map(({ target: { table, rowId, fields }, ...rest }): Draft => ({
          table,
          rowId,
          fields,
          ...rest,
        }));

    const newCustomer = fc
      .record({
        rowId: fc.constantFrom(...NEW_IDS),
        name: fc.constantFrom('周杰', '吴敏'),
        foreignScope: fc.boolean(),
        complete: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false)),
      })
      .map(({ rowId, name, foreignScope, complete }) => ({
        table: 'customers' as const,
        rowId,
        fields: complete
          ? customerFields({
              name,
              ...(foreignScope ? { ownerId: b.id, dealershipId: 'local' } : {}),
            })
          : { name, updatedAt: '2026-03-01T08:00:00.000Z' },
      }));
    const newChild = fc
      .record({
        table: fc.constantFrom<SyncTableName>('followUps', 'timeline'),
        rowId: fc.constantFrom(...NEW_IDS),
        customerId: fc.constantFrom(...customers, ...NEW_IDS, UNKNOWN_CUSTOMER),
        kind: fc.constantFrom('note', 'note', 'reassigned'),
        purpose: fc.constantFrom('回访', '回访', ''),
      })
      .map(({ table, rowId, customerId, kind, purpose }) => ({
        table,
        rowId,
        fields:
          table === 'followUps'
            ? followUpFields(customerId, { purpose })
            : timelineFields(customerId, a.id, { kind, actorName: '某人' }),
      }));
    const existing = fc.constantFrom(
      ...world.rows.filter((row) => row.table !== 'settings' || row.id === 'dealership'),
      ...NEW_IDS.map((rowId) => ({ table: 'customers' as const, id: rowId, customerId: rowId })),
      ...NEW_IDS.map((rowId) => ({ table: 'followUps' as const, id: rowId, customerId: null })),
    );
    const edit = existing.chain((row) =>
      changeOf[row.table].map((fields) => ({ table: row.table, rowId: row.id, fields })),
    );
    const spoiled = fc.constantFrom(
      { table: 'customers' as const, rowId: ids.cardA, fields: { nickname: 'x' } },
      { table: 'customers' as const, rowId: ids.cardA, fields: { budgetMin: -1 } },
      { table: 'settings' as const, rowId: NEW_IDS[0] ?? '', fields: { escalationHours: 6 } },
      { table: 'conflicts' as const, rowId: NEW_IDS[1] ?? '', fields: { resolution: null } },
    );
    const refusedByDatabase = fc.constantFrom(
      {
        table: 'customers' as const,
        rowId: NEW_IDS[2] ?? '',
        fields: customerFields({ name: REFUSED_BY_DATABASE }),
      },
      { table: 'customers' as const, rowId: ids.cardA, fields: { name: REFUSED_BY_DATABASE } },
      {
        table: 'followUps' as const,
        rowId: ids.followUpA,
        fields: { purpose: REFUSED_BY_DATABASE },
      },
    );
    const connectionLost = fc.constant({
      table: 'customers' as const,
      rowId: NEW_IDS[3] ?? '',
      fields: customerFields({ name: CONNECTION_LOST }),
    });

    const anyDraft = fc.oneof(
      { weight: 3, arbitrary: draft(newCustomer) },
      { weight: 3, arbitrary: draft(newChild) },
      { weight: 10, arbitrary: draft(edit) },
      { weight: 1, arbitrary: draft(spoiled) },
      { weight: 1, arbitrary: draft(refusedByDatabase) },
    );
    const batch = fc.record({
      pusher: fc.constantFrom<PusherKey>('a', 'a', 'b', 'manager'),
      drafts: fc.oneof(
        { weight: 19, arbitrary: fc.array(anyDraft, { minLength: 1, maxLength: 12 }) },
        {
          // Now and then the line goes down in the middle of a batch.
          weight: 1,
          arbitrary: fc
            .tuple(fc.array(anyDraft, { maxLength: 4 }), draft(connectionLost))
            .map(([drafts, lost]) => [...drafts, lost]),
        },
      ),
      inOrder: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
    });
    return { batch };
  }

  /** Hand-made batches that reach every path, whatever the random ones happen to reach. */
  function examples(): Batch[] {
    const { ids, shop } = world;
    const at = (time: Time, seq: SeqChoice = { kind: 'fresh' }) => ({ time, seq });
    const fresh = (time: Time = 'now') => at(time);
    const newCard = NEW_IDS[0] ?? '';
    return [
      {
        pusher: 'a',
        inOrder: true,
        drafts: [
          {
            table: 'customers',
            rowId: newCard,
            fields: customerFields(),
            base: 'none',
            ...fresh(),
          },
          {
            table: 'followUps',
            rowId: NEW_IDS[1] ?? '',
            fields: followUpFields(newCard),
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: newCard,
            fields: { hasNeed: true, hasConfidence: true },
            base: 'stale',
            ...fresh(),
          },
          // One fact at a time: the grade follows the second.
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: { hasPurchasingPower: true },
            base: 'stored',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: { hasNeed: true },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: { notes: '新的备注', city: '杭州' },
            base: 'stale',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: { nickname: 'x' },
            base: 'none',
            ...at('now', { kind: 'stored', pick: world.pushers.a.storedSeqs.length - 1 }),
          },
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: {},
            base: 'none',
            ...at('now', { kind: 'stored', pick: 0 }),
          },
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: { city: '上海' },
            base: 'none',
            ...at('now', { kind: 'again', pick: 0 }),
          },
          {
            table: 'customers',
            rowId: ids.cardB,
            fields: { city: '上海' },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: { city: '南京' },
            base: 'none',
            ...fresh('drift'),
          },
        ],
      },
      {
        pusher: 'a',
        inOrder: true,
        drafts: [
          {
            table: 'customers',
            rowId: ids.reassigned,
            fields: { notes: '离线写的' },
            base: 'stored',
            ...fresh('beforeCommands'),
          },
          {
            table: 'followUps',
            rowId: ids.followUpReassigned,
            fields: { result: '已联系' },
            base: 'stored',
            ...fresh('beforeCommands'),
          },
          {
            table: 'customers',
            rowId: ids.merged,
            fields: { notes: '补充', tags: ['vip'], city: '苏州' },
            base: 'stored',
            ...fresh('beforeCommands'),
          },
          {
            table: 'followUps',
            rowId: ids.followUpMerged,
            fields: { customerId: ids.merged, result: '到店' },
            base: 'stored',
            ...fresh('beforeCommands'),
          },
          {
            table: 'followUps',
            rowId: NEW_IDS[2] ?? '',
            fields: followUpFields(ids.merged),
            base: 'none',
            ...fresh('beforeCommands'),
          },
          {
            table: 'customers',
            rowId: ids.reassigned,
            fields: { notes: '晚了' },
            base: 'stored',
            ...fresh('afterCommands'),
          },
          {
            table: 'customers',
            rowId: ids.merged,
            fields: { city: '无锡' },
            base: 'stored',
            ...fresh('afterCommands'),
          },
          {
            table: 'followUps',
            rowId: ids.followUpDeleted,
            fields: { result: '?' },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'timeline',
            rowId: NEW_IDS[3] ?? '',
            fields: timelineFields(ids.deleted, shop.consultantA.id),
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: { status: 'lost' },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: { deleted: true },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'settings',
            rowId: 'dealership',
            fields: { escalationHours: 6 },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'conflicts',
            rowId: ids.conflictOfSettings,
            fields: { resolution: 'dismissed' },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'followUps',
            rowId: ids.followUpA,
            fields: { customerId: ids.cardB },
            base: 'none',
            ...fresh(),
          },
        ],
      },
      {
        pusher: 'a',
        inOrder: true,
        drafts: [
          {
            table: 'customers',
            rowId: NEW_IDS[0] ?? '',
            fields: customerFields(),
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: NEW_IDS[1] ?? '',
            fields: customerFields({ name: REFUSED_BY_DATABASE }),
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: { notes: '又一次' },
            base: 'stale',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: NEW_IDS[2] ?? '',
            fields: customerFields(),
            base: 'none',
            ...fresh(),
          },
        ],
      },
      {
        pusher: 'manager',
        inOrder: true,
        drafts: [
          {
            table: 'deliveries',
            rowId: ids.delivery,
            fields: { state: 'completed', completedAt: '2026-03-01T08:00:00.000Z' },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'deliveryItems',
            rowId: ids.requiredItem,
            fields: { state: 'done', doneBy: shop.consultantA.id },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'deliveries',
            rowId: ids.delivery,
            fields: { signature: MISSING_ATTACHMENT },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'deliveries',
            rowId: ids.delivery,
            fields: { signature: 'data:image/png;base64,AAAA' },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'deliveries',
            rowId: ids.delivery,
            fields: { state: 'completed', completedAt: '2026-03-01T08:00:00.000Z' },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'settings',
            rowId: 'dealership',
            fields: { escalationHours: 6 },
            base: 'stale',
            ...fresh(),
          },
          {
            table: 'conflicts',
            rowId: ids.conflictOfSettings,
            fields: { resolution: 'reapplied', resolvedBy: shop.consultantA.id },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'conflicts',
            rowId: ids.conflictOfCard,
            fields: { keptValue: 'x' },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: ids.cardB,
            fields: { status: 'lost', ownerId: shop.consultantA.id },
            base: 'stored',
            ...fresh(),
          },
        ],
      },
      {
        pusher: 'b',
        inOrder: false,
        drafts: [
          {
            table: 'customers',
            rowId: ids.cardA,
            fields: { city: '上海' },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: ids.reassigned,
            fields: { city: '上海' },
            base: 'stored',
            ...fresh('now'),
          },
          {
            table: 'customers',
            rowId: ids.survivor,
            fields: { city: '上海' },
            base: 'stored',
            ...fresh('beforeCommands'),
          },
          {
            table: 'conflicts',
            rowId: ids.conflictOfSettings,
            fields: { resolution: 'dismissed' },
            base: 'none',
            ...fresh(),
          },
          {
            table: 'timeline',
            rowId: NEW_IDS[0] ?? '',
            fields: timelineFields(ids.cardB, shop.consultantA.id, { kind: 'reassigned' }),
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: ids.cardB,
            fields: { city: '上海' },
            base: 'none',
            ...fresh('malformed'),
          },
          {
            table: 'customers',
            rowId: ids.cardB,
            fields: { city: '上海' },
            base: 'none',
            ...fresh('foreign'),
          },
        ],
      },
      {
        pusher: 'a',
        inOrder: true,
        drafts: [
          {
            table: 'customers',
            rowId: NEW_IDS[0] ?? '',
            fields: customerFields(),
            base: 'none',
            ...fresh(),
          },
          {
            table: 'customers',
            rowId: NEW_IDS[1] ?? '',
            fields: customerFields({ name: CONNECTION_LOST }),
            base: 'none',
            ...fresh(),
          },
        ],
      },
    ];
  }

  it('leaves exactly the rows, clocks, conflicts and acks of the per-mutation push', async () => {
    const { batch } = arbitraries();
    const handMade = examples();
    // fast-check counts the examples in numRuns.
    await fc.assert(
      fc.asyncProperty(batch, (generated) => compare(generated)),
      {
        numRuns: handMade.length + RUNS,
        examples: handMade.map((example) => [example]),
        ...(SEED === undefined ? {} : { seed: SEED }),
        ...(process.env.PUSH_ORACLE_PATH ? { path: process.env.PUSH_ORACLE_PATH } : {}),
      },
    );
    // The batches reached every kind of outcome (the examples alone reach each of these).
    expect([...met].sort()).toEqual(
      expect.arrayContaining([
        'applied',
        'applied with current',
        'clock_drift',
        'conflict kept',
        'forbidden',
        'invalid',
        'read_only_field',
        'reassigned',
        'refused by the database',
        'removal',
        'replayed applied',
        'replayed rejected',
        'thrown 08006',
        'unknown_customer',
      ]),
    );
  }, 600_000);
});
