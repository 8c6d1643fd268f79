// A dealer group written straight into PostgreSQL with set-based SQL (generate_series), not
// through the API: pushing a million cards one batch at a time would take hours and measure the
// push, not the pull. Used by `npm run bench:group` (a whole group's first pulls) and by
// `npm run bench:load` (the laptops' own scopes).
//
// Each dealership gets its settings row, an admin, managers and consultants (one password hash
// for all: argon2 once, not per user), and per consultant `cardsPerConsultant` customer cards
// with `followUpsPerCard` follow-ups each. Cards and follow-ups are the sample showroom's shapes
// (shared/sample-data) with their own ids, names, phones and owners, and a clock for every field,
// so rows weigh what real ones do.

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { createDealershipWithAdmin } from '../../server/accounts';
import { hashPassword } from '../../server/auth/passwords';
import type { Database } from '../../server/db/database';
import { generateShowroom } from '../../shared/sample-data/showroom';
import { formatHlc } from '../../shared/sync/hlc';

export type DealerGroupSpec = {
  dealerships: number;
  managersPerDealership: number;
  consultantsPerDealership: number;
  cardsPerConsultant: number;
  followUpsPerCard: number;
  password: string;
  /** Logs progress lines. */
  log?: (message: string) => void;
};

export type GroupUser = {
  id: string;
  login: string;
  name: string;
  role: 'consultant' | 'manager';
  dealershipId: string;
};

export type DealerGroup = {
  dealerships: { id: string; name: string }[];
  users: GroupUser[];
  customers: number;
  followUps: number;
  generateMs: number;
};

/** The node of every generated clock: a client id no laptop uses. */
const GENERATOR_NODE = 'dealergroupseed0';

// A UUIDv7 from a time and a number, made in SQL: 48 bits of milliseconds, version 7, the
// RFC variant, and the rest from md5 so ids of one statement differ. Temporary: gone with the
// session.
const UUID7_FUNCTION = `
CREATE OR REPLACE FUNCTION pg_temp.dd_uuid7(ms bigint, salt text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(h, 1, 3) || '-' ||
         substr('89ab', (get_byte(decode(substr(h, 4, 2), 'hex'), 0) % 4) + 1, 1) ||
         substr(h, 6, 3) || '-' || substr(h, 9, 12)
  FROM (SELECT lpad(to_hex(ms), 12, '0') AS t, md5(salt) AS h) AS parts
$$;`;

function templates() {
  const showroom = generateShowroom({ seed: 20_260_501, customers: 1, now: new Date() });
  const customer = showroom.customers[0];
  const followUp = showroom.followUps[0];
  if (!customer || !followUp) throw new Error('the sample showroom made no customer');
  const hlc = formatHlc({ millis: Date.now() - 86_400_000, counter: 0, node: GENERATOR_NODE });
  const clocksOf = (row: object) =>
    Object.fromEntries(
      [...Object.keys(row), 'ownerId', 'dealershipId', 'deleted'].map((key) => [key, hlc]),
    );
  return {
    customer: { ...customer, deleted: false },
    customerClocks: clocksOf(customer),
    followUp: { ...followUp, deleted: false },
    followUpClocks: clocksOf(followUp),
  };
}

export async function generateDealerGroup(
  db: Database,
  spec: DealerGroupSpec,
): Promise<DealerGroup> {
  const log = spec.log ?? (() => {});
  const started = performance.now();
  const suffix = randomBytes(3).toString('hex');
  const passwordHash = await hashPassword(spec.password);
  const shapes = templates();
  const dealerships: DealerGroup['dealerships'] = [];
  const users: GroupUser[] = [];
  let customers = 0;
  let followUps = 0;

  for (let d = 0; d < spec.dealerships; d += 1) {
    const { dealership } = await createDealershipWithAdmin(db, {
      dealershipName: `星河汽车 ${d + 1} 号店`,
      login: `admin.${suffix}.${d}`,
      name: `店长 ${d + 1}`,
      password: spec.password,
    });
    dealerships.push(dealership);
    const members: GroupUser[] = [];
    for (let m = 0; m < spec.managersPerDealership; m += 1) {
      members.push({
        id: uuidv7(),
        login: `manager.${suffix}.${d}.${m}`,
        name: `经理 ${d + 1}-${m + 1}`,
        role: 'manager',
        dealershipId: dealership.id,
      });
    }
    for (let c = 0; c < spec.consultantsPerDealership; c += 1) {
      members.push({
        id: uuidv7(),
        login: `consultant.${suffix}.${d}.${c}`,
        name: `顾问 ${d + 1}-${c + 1}`,
        role: 'consultant',
        dealershipId: dealership.id,
      });
    }
    await db.query(
      `INSERT INTO users (id, dealership_id, login, name, role, password_hash)
       SELECT u.id::uuid, $1, u.login, u.name, u.role, $2
       FROM jsonb_to_recordset($3::jsonb) AS u(id text, login text, name text, role text)`,
      [dealership.id, passwordHash, JSON.stringify(members)],
    );
    users.push(...members);

    const consultantIds = members.filter((u) => u.role === 'consultant').map((u) => u.id);
    const cards = consultantIds.length * spec.cardsPerConsultant;
    if (cards > 0) {
      const made = await db.transaction(async (tx) => {
        await tx.exec(`SET LOCAL synchronous_commit = off; ${UUID7_FUNCTION}`);
        // The cards: card n belongs to consultant n mod C, so every consultant has the same count.
        await tx.query(
          `CREATE TEMPORARY TABLE dd_cards ON COMMIT DROP AS
           SELECT n, pg_temp.dd_uuid7($2::bigint + n, $1::text || ':c:' || n) AS id,
                  ($3::jsonb)[n % jsonb_array_length($3::jsonb)] #>> '{}' AS owner_id
           FROM generate_series(0, $4::int - 1) AS n`,
          [dealership.id, Date.now() - 90 * 86_400_000, JSON.stringify(consultantIds), cards],
        );
        await tx.query(
          `INSERT INTO records (dealership_id, table_name, id, owner_id, customer_id, data, clocks, seq)
           SELECT $1::uuid, 'customers', c.id, c.owner_id::uuid, c.id,
             $2::jsonb || jsonb_build_object(
               'id', c.id, 'ownerId', c.owner_id, 'dealershipId', $1::text,
               'name', '客户' || c.n, 'phones', jsonb_build_array((13000000000 + c.n * 7 + $4::int)::text),
               'wechatId', 'wx_' || c.n),
             $3::jsonb, nextval('sync_seq')
           FROM dd_cards c ORDER BY c.n`,
          [
            dealership.id,
            JSON.stringify(shapes.customer),
            JSON.stringify(shapes.customerClocks),
            d,
          ],
        );
        if (spec.followUpsPerCard > 0) {
          await tx.query(
            `INSERT INTO records (dealership_id, table_name, id, owner_id, customer_id, data, clocks, seq)
             SELECT $1::uuid, 'followUps', f.id, c.owner_id::uuid, c.id,
               $2::jsonb || jsonb_build_object(
                 'id', f.id, 'customerId', c.id, 'ownerId', c.owner_id, 'dealershipId', $1::text,
                 'state', CASE WHEN k = $4::int - 1 THEN 'planned' ELSE 'done' END),
               $3::jsonb, nextval('sync_seq')
             FROM dd_cards c
             CROSS JOIN generate_series(0, $4::int - 1) AS k
             CROSS JOIN LATERAL (SELECT pg_temp.dd_uuid7($5::bigint + c.n * $4::int + k,
               $1::text || ':f:' || c.n || ':' || k) AS id) AS f
             ORDER BY c.n, k`,
            [
              dealership.id,
              JSON.stringify(shapes.followUp),
              JSON.stringify(shapes.followUpClocks),
              spec.followUpsPerCard,
              Date.now() - 60 * 86_400_000,
            ],
          );
        }
        return { cards, followUps: cards * spec.followUpsPerCard };
      });
      customers += made.cards;
      followUps += made.followUps;
    }
    log(
      `  dealership ${d + 1}/${spec.dealerships}: ${customers.toLocaleString('en-US')} customers, ${followUps.toLocaleString('en-US')} follow-ups so far`,
    );
  }
  // Fresh statistics and visibility map: the planner must see the sizes, as it would in a
  // database that autovacuum has had time to look at.
  await db.exec('VACUUM ANALYZE records');
  return { dealerships, users, customers, followUps, generateMs: performance.now() - started };
}
