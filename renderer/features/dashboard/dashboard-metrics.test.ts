import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { Complaint } from '../../../shared/domain/complaint';
import type { Customer } from '../../../shared/domain/customer';
import type { FollowUp } from '../../../shared/domain/follow-up';
import { currentIntentLevel, DEFAULT_INTENT_THRESHOLDS } from '../../../shared/domain/intent';
import {
  indicatorAverage,
  satisfactionRatio,
  SURVEY_INDICATORS,
  type Survey,
} from '../../../shared/domain/survey';
import type { TeamMember } from '../../../shared/sync/protocol';
import { loadSampleShowroom } from '../../db/sample-data-repo';
import { openTestDb, TEST_TEAM, type TestDb } from '../../test-support/test-db';
import { loadDashboardData } from './dashboard-data';
import {
  complianceOutcome,
  complaintSummary,
  conversionBySource,
  dashboardMetrics,
  followUpCompliance,
  satisfactionByConsultant,
  statusFunnel,
  type ComplaintFacts,
  type CustomerFacts,
  type DashboardMetrics,
  type FollowUpFacts,
} from './dashboard-metrics';
import { presetDays, rangeOfDays, RANGE_PRESETS, type DashboardRange } from './date-range';

const SLOW = { timeout: 120_000 };
const START = '2026-03-10T09:30:00.000Z';

// TEST_TEAM's last member: an active consultant with no customers still gets a compliance row (nothing judged).
const TEAM = TEST_TEAM;

/** A sample showroom spread over two consultants and the manager, as sync would deliver it. */
async function teamShowroom(customers = 600): Promise<TestDb> {
  const test = await openTestDb({ start: START });
  await loadSampleShowroom(test.ctx, { customers, seed: 11 });
  const ownerOf = new Map<string, string>();
  let index = 0;
  await test.db.customers.toCollection().modify((customer: Customer) => {
    customer.ownerId = TEAM[index % 3]!.id;
    ownerOf.set(customer.id, customer.ownerId);
    index += 1;
  });
  const owner = (customerId: string) => ownerOf.get(customerId) ?? 'nobody';
  await test.db.followUps.toCollection().modify((row) => {
    row.ownerId = owner(row.customerId);
  });
  await test.db.complaints.toCollection().modify((row) => {
    row.ownerId = owner(row.customerId);
  });
  await test.db.surveys.toCollection().modify((row) => {
    row.ownerId = owner(row.customerId);
    row.consultantId = owner(row.customerId);
  });
  await test.db.team.bulkPut(TEAM);
  await addEdgeCases(test);
  return test;
}

/**
 * Rows the sample lacks: follow-ups done late, done early, done at the last moment of the due
 * day and at the first of the next, cancelled ones; a deleted card and a deleted complaint.
 */
async function addEdgeCases(test: TestDb): Promise<void> {
  const followUps = await test.db.followUps.where('state').equals('done').limit(40).toArray();
  const edited = followUps.map((row, index): FollowUp => {
    const dueEnd = dayjs(row.dueAt).startOf('day').add(1, 'day');
    const completedAt = [
      dueEnd.subtract(1, 'millisecond'),
      dueEnd,
      dueEnd.add(3, 'day'),
      dayjs(row.dueAt).subtract(2, 'day'),
    ][index % 4]!;
    return index % 10 === 9
      ? { ...row, state: 'cancelled', completedAt: null }
      : { ...row, completedAt: completedAt.toISOString() };
  });
  await test.db.followUps.bulkPut(edited);
  const customer = await test.db.customers.orderBy('createdAt').last();
  if (customer) await test.db.customers.put({ ...customer, deleted: true });
  const complaint = await test.db.complaints.toCollection().first();
  if (complaint) await test.db.complaints.put({ ...complaint, deleted: true });
}

type FullScan = {
  customers: Customer[];
  followUps: FollowUp[];
  surveys: Survey[];
  complaints: Complaint[];
  team: TeamMember[];
};

/** Every row of every table the dashboard reads: the full-scan reference for the loader. */
async function fullScan(test: TestDb): Promise<FullScan> {
  return {
    // As the dashboard reads them: with the intent level of today.
    customers: (await test.db.customers.toArray()).map((c) => ({
      ...c,
      intentLevel: currentIntentLevel(c, dayjs().format('YYYY-MM-DD'), DEFAULT_INTENT_THRESHOLDS),
    })),
    followUps: await test.db.followUps.toArray(),
    surveys: await test.db.surveys.toArray(),
    complaints: await test.db.complaints.toArray(),
    team: await test.db.team.toArray(),
  };
}

// --- brute force: the definitions, written out a second way -----------------------------------

const localDay = (iso: string) => dayjs(iso).format('YYYY-MM-DD');
const isIn = (iso: string, range: DashboardRange) => iso >= range.from && iso < range.to;

function bruteFunnel(customers: Customer[], range: DashboardRange) {
  const live = customers.filter((c) => !c.deleted && isIn(c.createdAt, range));
  const count = (...statuses: Customer['status'][]) =>
    live.filter((c) => statuses.includes(c.status)).length;
  return {
    total: live.length,
    stages: {
      N: count('new'),
      following: count('following'),
      O: count('ordered'),
      D: count('delivered'),
      F: count('lost', 'lost_requested'),
    },
    intents: ['H', 'A', 'B', 'C'].map(
      (level) =>
        live.filter(
          (c) =>
            c.status === 'following' &&
            currentIntentLevel(c, dayjs().format('YYYY-MM-DD'), DEFAULT_INTENT_THRESHOLDS) ===
              level,
        ).length,
    ),
    bySource: Object.fromEntries(
      [...new Set(live.map((c) => c.source))].map((source) => [
        source,
        [
          live.filter((c) => c.source === source).length,
          live.filter((c) => c.source === source && ['ordered', 'delivered'].includes(c.status))
            .length,
        ],
      ]),
    ),
  };
}

/** On time: completed on or before its due (local) day; overdue: planned and that day is over. */
function bruteCompliance(followUps: FollowUp[], range: DashboardRange, now: Date) {
  const today = localDay(now.toISOString());
  const perOwner = new Map<
    string,
    { onTime: number; late: number; overdue: number; pending: number }
  >();
  for (const f of followUps) {
    if (f.deleted || f.state === 'cancelled' || !isIn(f.dueAt, range)) continue;
    const row = perOwner.get(f.ownerId) ?? { onTime: 0, late: 0, overdue: 0, pending: 0 };
    if (f.state === 'done') {
      if (f.completedAt !== null && localDay(f.completedAt) <= localDay(f.dueAt)) row.onTime += 1;
      else row.late += 1;
    } else if (today > localDay(f.dueAt)) row.overdue += 1;
    else row.pending += 1;
    perOwner.set(f.ownerId, row);
  }
  return perOwner;
}

function expectMatchesBruteForce(
  metrics: DashboardMetrics,
  full: FullScan,
  range: DashboardRange,
  now: Date,
) {
  const funnel = bruteFunnel(full.customers, range);
  expect(metrics.funnel.total).toBe(funnel.total);
  expect(metrics.funnel.stages).toEqual(funnel.stages);
  expect([
    metrics.funnel.following.H,
    metrics.funnel.following.A,
    metrics.funnel.following.B,
    metrics.funnel.following.C,
  ]).toEqual(funnel.intents);
  expect(
    Object.fromEntries(metrics.sources.map((row) => [row.source, [row.customers, row.converted]])),
  ).toEqual(funnel.bySource);
  for (const row of metrics.sources) expect(row.rate).toBeCloseTo(row.converted / row.customers);

  const compliance = bruteCompliance(full.followUps, range, now);
  for (const row of metrics.compliance.consultants) {
    const expected = compliance.get(row.userId) ?? { onTime: 0, late: 0, overdue: 0, pending: 0 };
    expect(row.counts, row.name).toEqual(expected);
    const judged = expected.onTime + expected.late + expected.overdue;
    expect(row.compliance).toBe(judged === 0 ? null : expected.onTime / judged);
  }
  for (const ownerId of compliance.keys()) {
    expect(metrics.compliance.consultants.map((row) => row.userId)).toContain(ownerId);
  }

  const surveys = full.surveys.filter((s) => !s.deleted && isIn(s.surveyedAt, range));
  expect(metrics.satisfaction.overall.count).toBe(surveys.length);
  for (const row of metrics.satisfaction.consultants) {
    const own = surveys.filter((s) => s.consultantId === row.userId);
    expect(row.summary.count).toBe(own.length);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(row.summary.satisfaction).toBeCloseTo(mean(own.map(satisfactionRatio)), 10);
    expect(row.summary.indicatorAverage).toBeCloseTo(mean(own.map(indicatorAverage)), 10);
    for (const indicator of SURVEY_INDICATORS) {
      expect(row.summary.indicators[indicator]).toBeCloseTo(mean(own.map((s) => s[indicator])), 10);
    }
  }
  expect(metrics.satisfaction.consultants.reduce((sum, row) => sum + row.summary.count, 0)).toBe(
    surveys.length,
  );

  const live = full.complaints.filter((c) => !c.deleted);
  const overdueNow = (c: (typeof live)[number]) =>
    c.resolvedAt === null &&
    (now.toISOString() > c.resultDueAt ||
      (c.firstContactAt === null && now.toISOString() > c.firstContactDueAt));
  const received = live.filter((c) => isIn(c.receivedAt, range));
  expect(metrics.complaints.received).toEqual({
    resolved: received.filter((c) => c.resolvedAt !== null).length,
    overdue: received.filter(overdueNow).length,
    open: received.filter((c) => c.resolvedAt === null && !overdueNow(c)).length,
  });
  expect(metrics.complaints.openNow.open).toBe(live.filter((c) => c.resolvedAt === null).length);
  expect(
    metrics.complaints.openNow.firstContactOverdue + metrics.complaints.openNow.resultOverdue,
  ).toBe(live.filter(overdueNow).length);
  for (const row of metrics.complaints.byCategory) {
    expect(row.resolved + row.open + row.overdue).toBe(
      received.filter((c) => c.category === row.key).length,
    );
  }
  for (const row of metrics.complaints.byConsultant) {
    expect(row.resolved + row.open + row.overdue).toBe(
      received.filter((c) => c.ownerId === row.key).length,
    );
  }
}

describe('dashboard metrics over a sample showroom', SLOW, () => {
  it('read by index, count exactly what a brute-force scan counts, for every preset and more', async () => {
    const test = await teamShowroom();
    const now = test.clock.now();
    const full = await fullScan(test);
    const ranges: DashboardRange[] = [
      ...RANGE_PRESETS.map((preset) => rangeOfDays(...presetDays(preset, now))),
      rangeOfDays(dayjs(now).subtract(400, 'day'), dayjs(now).add(30, 'day')),
      rangeOfDays(dayjs(now).subtract(3, 'day'), dayjs(now).subtract(3, 'day')),
      rangeOfDays(dayjs(now).add(200, 'day'), dayjs(now).add(230, 'day')),
    ];
    let judged = 0;
    for (const range of ranges) {
      const data = await loadDashboardData(test.db, range);
      const metrics = dashboardMetrics(data, range, now);
      // The index reads miss nothing the full tables hold for the range…
      expect(metrics).toEqual(dashboardMetrics(full, range, now));
      // …and both agree with the definitions written out another way.
      expectMatchesBruteForce(metrics, full, range, now);
      judged += metrics.compliance.total.onTime + metrics.compliance.total.late;
    }
    expect(judged).toBeGreaterThan(0);
  });

  it('the sample exercises every chart: each kind of count is non-zero over a wide range', async () => {
    const test = await teamShowroom();
    const now = test.clock.now();
    const range = rangeOfDays(dayjs(now).subtract(200, 'day'), dayjs(now).add(30, 'day'));
    const metrics = dashboardMetrics(await loadDashboardData(test.db, range), range, now);
    for (const stage of Object.values(metrics.funnel.stages)) expect(stage).toBeGreaterThan(0);
    expect(metrics.sources.length).toBeGreaterThan(4);
    expect(metrics.compliance.total).toEqual({
      onTime: expect.any(Number),
      late: expect.any(Number),
      overdue: expect.any(Number),
      pending: expect.any(Number),
    });
    for (const count of Object.values(metrics.compliance.total)) expect(count).toBeGreaterThan(0);
    expect(metrics.satisfaction.consultants.map((row) => row.name).sort()).toEqual(
      ['周经理', '李娜', '王磊'].sort(),
    );
    expect(metrics.complaints.received.resolved).toBeGreaterThan(0);
    expect(metrics.complaints.received.overdue).toBeGreaterThan(0);
    // The compliance chart lists every active consultant, the newcomer with nothing judged.
    const newcomer = metrics.compliance.consultants.find((row) => row.name === '新人');
    expect(newcomer).toMatchObject({
      counts: { onTime: 0, late: 0, overdue: 0, pending: 0 },
      compliance: null,
    });
  });

  it('reports reading progress chunk by chunk and stops when aborted', async () => {
    const test = await teamShowroom(2_500);
    const now = test.clock.now();
    const range = rangeOfDays(dayjs(now).subtract(200, 'day'), dayjs(now).add(30, 'day'));
    const progress: { read: number; total: number }[] = [];
    await loadDashboardData(test.db, range, { onProgress: (step) => progress.push(step) });
    expect(progress.length).toBeGreaterThan(2);
    const last = progress.at(-1)!;
    expect(last.read).toBe(last.total);
    expect(last.total).toBeGreaterThan(2_500);

    const controller = new AbortController();
    controller.abort();
    await expect(
      loadDashboardData(test.db, range, { signal: controller.signal }),
    ).rejects.toThrow();
  });
});

// --- definitions at their boundaries --------------------------------------------------------------

const RANGE: DashboardRange = rangeOfDays(dayjs('2026-03-01'), dayjs('2026-03-31'));
const at = (local: string) => dayjs(local).toISOString();

function customer(overrides: Partial<CustomerFacts>): CustomerFacts {
  return {
    id: 'c',
    deleted: false,
    ownerId: TEAM[0]!.id,
    createdAt: at('2026-03-05T10:00'),
    status: 'following',
    intentLevel: 'H',
    source: 'walk_in',
    ...overrides,
  };
}

describe('the funnel and conversion definitions', () => {
  it('count a customer created at the first instant of the range, not one at the end', () => {
    const customers = [
      customer({ id: '1', createdAt: RANGE.from }),
      customer({ id: '2', createdAt: RANGE.to }),
      customer({ id: '3', createdAt: at('2026-02-28T23:59:59.999') }),
      customer({ id: '4', status: 'ordered', source: 'online' }),
      customer({ id: '5', status: 'delivered', source: 'online' }),
      customer({ id: '6', status: 'lost_requested', source: 'online' }),
      customer({ id: '7', status: 'lost' }),
      customer({ id: '8', intentLevel: null }),
      customer({ id: '9', status: 'new', deleted: true }),
    ];
    const funnel = statusFunnel(customers, RANGE);
    expect(funnel.total).toBe(6);
    expect(funnel.stages).toEqual({ N: 0, following: 2, O: 1, D: 1, F: 2 });
    expect(funnel.following).toEqual({ H: 1, A: 0, B: 0, C: 0, none: 1 });
    expect(funnel.lost).toEqual({ approved: 1, requested: 1 });
    expect(funnel.conversion).toBeCloseTo(2 / 6);
    // The larger source first; a tie in the fixed order of sources (walk-in before online).
    expect(conversionBySource(customers, RANGE)).toEqual([
      { source: 'walk_in', customers: 3, converted: 0, rate: 0 },
      { source: 'online', customers: 3, converted: 2, rate: 2 / 3 },
    ]);
    expect(
      conversionBySource([...customers, customer({ id: '10', source: 'online' })], RANGE).map(
        (row) => row.source,
      ),
    ).toEqual(['online', 'walk_in']);
    expect(statusFunnel([], RANGE).conversion).toBeNull();
  });
});

describe('follow-up compliance', () => {
  const due = at('2026-03-10T15:00');
  const followUp = (overrides: Partial<FollowUpFacts>): FollowUpFacts => ({
    id: 'f',
    state: 'done',
    dueAt: due,
    completedAt: null,
    ownerId: TEAM[0]!.id,
    deleted: false,
    ...overrides,
  });

  it('on time is done before the due day ends, early included; late is any moment after', () => {
    const now = new Date(at('2026-03-20T09:00'));
    const outcome = (completedAt: string) => complianceOutcome(followUp({ completedAt }), now);
    expect(outcome(at('2026-03-08T09:00'))).toBe('onTime');
    expect(outcome(at('2026-03-10T23:59:59.999'))).toBe('onTime');
    expect(outcome(at('2026-03-11T00:00'))).toBe('late');
    expect(outcome(at('2026-03-15T10:00'))).toBe('late');
    expect(complianceOutcome(followUp({ completedAt: null }), now)).toBe('late');
    expect(complianceOutcome(followUp({ state: 'cancelled' }), now)).toBeNull();
  });

  it('an open follow-up is overdue from the first moment after its due day, pending before', () => {
    const open = followUp({ state: 'planned' });
    expect(complianceOutcome(open, new Date(at('2026-03-10T23:59:59.999')))).toBe('pending');
    expect(complianceOutcome(open, new Date(at('2026-03-11T00:00')))).toBe('overdue');
    expect(complianceOutcome(open, new Date(at('2026-03-09T12:00')))).toBe('pending');
  });

  it('rates on time ÷ judged (pending left out) per consultant, active consultants always listed', () => {
    const now = new Date(at('2026-03-12T09:00'));
    const rows = [
      followUp({ id: '1', completedAt: at('2026-03-10T16:00') }),
      followUp({ id: '2', completedAt: at('2026-03-11T09:00') }),
      followUp({ id: '3', state: 'planned' }),
      followUp({ id: '4', state: 'planned', dueAt: at('2026-03-12T17:00') }),
      followUp({ id: '5', state: 'planned', dueAt: at('2026-04-01T09:00') }),
      followUp({ id: '6', ownerId: 'someone-gone', completedAt: at('2026-03-10T16:00') }),
    ];
    const result = followUpCompliance(rows, RANGE, now, TEAM);
    const none = { onTime: 0, late: 0, overdue: 0, pending: 0 };
    expect(
      Object.fromEntries(result.consultants.map((row) => [row.name, [row.counts, row.compliance]])),
    ).toEqual({
      李娜: [{ onTime: 1, late: 1, overdue: 1, pending: 1 }, 1 / 3],
      新人: [none, null],
      王磊: [none, null],
      // Not on the team list (yet): shown by the start of the id rather than dropped.
      'someone-': [{ onTime: 1, late: 0, overdue: 0, pending: 0 }, 1],
    });
    // The managers' own customers get a row only when they have follow-ups (周经理 has none here).
    expect(result.consultants.map((row) => row.name)).not.toContain('周经理');
    expect(result.compliance).toBe(2 / 4);
  });
});

describe('satisfaction and complaints', () => {
  it('averages the surveys taken in the range per consultant who sold the car', async () => {
    const test = await teamShowroom(300);
    const surveys = await test.db.surveys.toArray();
    const result = satisfactionByConsultant(
      surveys,
      rangeOfDays(dayjs('2000-01-01'), dayjs('2100-01-01')),
      TEAM,
    );
    expect(result.overall.count).toBe(surveys.length);
    expect(satisfactionByConsultant(surveys, RANGE, []).overall.count).toBe(
      surveys.filter((s) => isIn(s.surveyedAt, RANGE)).length,
    );
    expect(satisfactionByConsultant([], RANGE, TEAM)).toMatchObject({
      consultants: [],
      overall: { count: 0, satisfaction: null, indicatorAverage: null },
    });
  }, 60_000);

  it('counts open complaints whenever received, and those received in the range by state', () => {
    const now = new Date(at('2026-03-20T09:00'));
    const complaint = (overrides: Partial<ComplaintFacts>): ComplaintFacts => ({
      id: 'x',
      category: 'service',
      receivedAt: at('2026-03-02T10:00'),
      firstContactDueAt: at('2026-03-05T10:00'),
      resultDueAt: at('2026-03-09T10:00'),
      firstContactAt: at('2026-03-03T10:00'),
      resolvedAt: null,
      ownerId: TEAM[1]!.id,
      deleted: false,
      ...overrides,
    });
    const later = {
      receivedAt: at('2026-03-19T10:00'),
      firstContactDueAt: at('2026-03-24T10:00'),
      resultDueAt: at('2026-03-26T10:00'),
    };
    const result = complaintSummary(
      [
        complaint({ id: '1' }), // result overdue
        complaint({ id: '2', resolvedAt: at('2026-03-06T10:00') }),
        complaint({ id: '3', ...later, firstContactAt: null, category: 'price' }), // open, on time
        // Received in February and still open past its first-contact deadline.
        complaint({
          id: '4',
          receivedAt: at('2026-02-20T10:00'),
          firstContactDueAt: at('2026-02-25T10:00'),
          resultDueAt: at('2026-03-25T10:00'),
          firstContactAt: null,
        }),
        complaint({ id: '5', deleted: true }),
      ],
      RANGE,
      now,
      TEAM,
    );
    expect(result.received).toEqual({ open: 1, overdue: 1, resolved: 1 });
    expect(result.openNow).toEqual({ open: 3, firstContactOverdue: 1, resultOverdue: 1 });
    expect(result.byCategory.map((row) => row.key)).toEqual([
      'product_quality',
      'repair_quality',
      'service',
      'price',
      'other',
    ]);
    expect(result.byCategory.find((row) => row.key === 'service')).toMatchObject({
      open: 0,
      overdue: 1,
      resolved: 1,
    });
    expect(result.byConsultant).toEqual([
      { key: TEAM[1]!.id, name: '王磊', open: 1, overdue: 1, resolved: 1 },
    ]);
  });
});
