import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_SOURCES, type Customer } from '../../shared/domain/customer';
import { isActiveStatus } from '../../shared/domain/customer-status';
import { completionRate, type DueRange } from '../../shared/domain/escalation';
import { followUpBucket } from '../../shared/domain/follow-up';
import { loadSampleShowroom } from './sample-data-repo';
import { openTestDb, TEST_TEAM } from '../test-support/test-db';
import {
  loadTeamBoardData,
  teamBoardRows,
  teamBoardSummary,
  type TeamBoardFilters,
  type TeamBoardRow,
} from './team-board-queries';
import { localDay } from '../../shared/domain/dates';
import { currentIntentLevel, DEFAULT_INTENT_THRESHOLDS } from '../../shared/domain/intent';

/** The level the board shows: today's, from the expected purchase date. */
const intentToday = (customer: Customer) =>
  currentIntentLevel(customer, localDay(new Date()), DEFAULT_INTENT_THRESHOLDS);

const SLOW = { timeout: 60_000 };

/** A wide range around `now`: the last 30 days to the next 7 (whole local days). */
function defaultBoardRange(now: Date): DueRange {
  const today = dayjs(now).startOf('day');
  return {
    from: today.subtract(30, 'day').toISOString(),
    to: today.add(8, 'day').toISOString(),
  };
}
const HOUR = 3_600_000;

// TEST_TEAM's last member: an active consultant with no customers still gets a row (all zeros).
const TEAM = TEST_TEAM;

/** A showroom whose customers are spread over three owners (two consultants and the manager). */
async function teamShowroom() {
  const test = await openTestDb({ start: '2026-03-10T09:30:00.000Z' });
  await loadSampleShowroom(test.ctx, { customers: 400, seed: 11 });
  let index = 0;
  await test.db.customers.toCollection().modify((customer: Customer) => {
    customer.ownerId = TEAM[index % 3]!.id;
    index += 1;
  });
  await test.db.team.bulkPut(TEAM);
  return test;
}

/** The board's rows by definition, from full table scans. */
async function bruteForceRows(
  test: Awaited<ReturnType<typeof teamShowroom>>,
  filters: TeamBoardFilters,
  now: Date,
  escalationHours: number,
): Promise<string[]> {
  const customers = new Map((await test.db.customers.toArray()).map((c) => [c.id, c]));
  const followUps = await test.db.followUps.toArray();
  const ok = (customer: Customer) =>
    (filters.ownerIds.length === 0 || filters.ownerIds.includes(customer.ownerId)) &&
    (filters.grades.length === 0 || filters.grades.includes(customer.qualificationGrade)) &&
    (filters.intents.length === 0 ||
      filters.intents.some((level) => level === intentToday(customer))) &&
    (filters.sources.length === 0 || filters.sources.includes(customer.source)) &&
    !customer.deleted;
  if (filters.bucket === 'no_plan') {
    const withPlan = new Set(
      followUps.filter((f) => f.state === 'planned').map((f) => f.customerId),
    );
    return [...customers.values()]
      .filter((c) => isActiveStatus(c.status) && !withPlan.has(c.id) && ok(c))
      .map((c) => c.id)
      .sort();
  }
  const today = dayjs(now).startOf('day').toDate();
  const tomorrow = dayjs(today).add(1, 'day').toDate();
  return followUps
    .filter((f) => {
      const customer = customers.get(f.customerId);
      const due = Date.parse(f.dueAt);
      if (f.state !== 'planned' || !customer || !ok(customer)) return false;
      if (due < Date.parse(filters.range.from) || due >= Date.parse(filters.range.to)) return false;
      const bucket = followUpBucket(f.dueAt, today, tomorrow);
      const escalated = bucket === 'past_due' && now.getTime() - due > escalationHours * HOUR;
      if (filters.bucket === 'escalated') return escalated;
      return filters.bucket === null || filters.bucket === bucket;
    })
    .map((f) => f.id)
    .sort();
}

const ids = (rows: TeamBoardRow[]) => rows.map((row) => row.followUpId ?? row.customerId).sort();

describe('team board', SLOW, () => {
  it('lists exactly the rows a brute-force scan finds, for every kind of filter', async () => {
    const test = await teamShowroom();
    const now = test.clock.now();
    const base: TeamBoardFilters = {
      ownerIds: [],
      grades: [],
      intents: [],
      sources: [],
      range: defaultBoardRange(now),
      bucket: null,
    };
    const wide = {
      from: dayjs(now).subtract(400, 'day').toISOString(),
      to: dayjs(now).add(400, 'day').toISOString(),
    };
    const cases: TeamBoardFilters[] = [
      base,
      { ...base, range: wide },
      { ...base, ownerIds: [TEAM[0]!.id] },
      { ...base, ownerIds: [TEAM[0]!.id, TEAM[2]!.id], grades: ['A', 'B'] },
      { ...base, intents: ['H', 'A'] },
      { ...base, sources: [CUSTOMER_SOURCES[0], CUSTOMER_SOURCES[2]] },
      { ...base, bucket: 'past_due' },
      { ...base, bucket: 'escalated', range: wide },
      { ...base, bucket: 'due_today', ownerIds: [TEAM[1]!.id] },
      { ...base, bucket: 'upcoming' },
      { ...base, bucket: 'no_plan' },
      { ...base, bucket: 'no_plan', grades: ['N'], ownerIds: [TEAM[1]!.id] },
      {
        ...base,
        range: { from: dayjs(now).subtract(3, 'day').toISOString(), to: now.toISOString() },
      },
    ];
    let nonEmpty = 0;
    for (const filters of cases) {
      for (const escalationHours of [0, 48, 24 * 7]) {
        const data = await loadTeamBoardData(test.db, filters.range);
        const rows = teamBoardRows(data, filters, { now, escalationHours });
        expect(ids(rows)).toEqual(await bruteForceRows(test, filters, now, escalationHours));
        if (rows.length > 0) nonEmpty += 1;
        for (const row of rows) {
          expect(row.ownerName).toBe(TEAM.find((member) => member.id === row.ownerId)?.name);
          if (row.escalated) expect(row.bucket).toBe('past_due');
        }
      }
    }
    // The sample showroom must actually exercise the filters.
    expect(nonEmpty).toBeGreaterThan(cases.length * 2);
  });

  it('summarizes per consultant: counts match the lists, completion matches its definition', async () => {
    const test = await teamShowroom();
    const now = test.clock.now();
    const filters: TeamBoardFilters = {
      ownerIds: [],
      grades: [],
      intents: [],
      sources: [],
      range: defaultBoardRange(now),
      bucket: null,
    };
    const settings = { now, escalationHours: 48 };
    const data = await loadTeamBoardData(test.db, filters.range);
    const summary = teamBoardSummary(data, filters, settings);
    // The three owners and the consultant with no customers; not the manager who owns none.
    expect(summary.map((row) => row.ownerName).sort()).toEqual(
      ['周经理', '新人', '李娜', '王磊'].sort(),
    );
    const newcomer = summary.find((row) => row.ownerName === '新人')!;
    expect(newcomer.counts).toEqual({
      due_today: 0,
      past_due: 0,
      escalated: 0,
      upcoming: 0,
      no_plan: 0,
    });
    expect(newcomer.completionRate).toBeNull();

    const customers = new Map((await test.db.customers.toArray()).map((c) => [c.id, c]));
    const followUps = await test.db.followUps.toArray();
    let totalCompleted = 0;
    for (const row of summary) {
      for (const bucket of ['due_today', 'past_due', 'escalated', 'upcoming', 'no_plan'] as const) {
        const listed = teamBoardRows(
          data,
          { ...filters, ownerIds: [row.ownerId], bucket },
          settings,
        );
        expect(row.counts[bucket]).toBe(listed.length);
      }
      const own = followUps.filter((f) => customers.get(f.customerId)?.ownerId === row.ownerId);
      expect(row.completionRate).toBe(completionRate(own, filters.range, now));
      if (row.completionRate !== null) totalCompleted += 1;
    }
    expect(totalCompleted).toBe(3);
  });

  it('reads a 5,000-customer showroom quickly enough to open the board', async () => {
    const test = await openTestDb({ start: '2026-03-10T09:30:00.000Z' });
    await loadSampleShowroom(test.ctx, { customers: 5_000, seed: 12 });
    const now = test.clock.now();
    const range = defaultBoardRange(now);
    const started = performance.now();
    const data = await loadTeamBoardData(test.db, range);
    const rows = teamBoardRows(
      data,
      { ownerIds: [], grades: [], intents: [], sources: [], range, bucket: null },
      { now, escalationHours: 48 },
    );
    const elapsed = performance.now() - started;
    expect(rows.length).toBeGreaterThan(0);
    // Generous for fake-indexeddb on a busy machine; real IndexedDB is much faster.
    expect(elapsed).toBeLessThan(10_000);
  });
});
