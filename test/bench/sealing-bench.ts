// How much the sealed store costs: 10,000 sample customer cards sealed (as one bulkPut does) and
// opened (as one toArray does), through the sealing middleware over an in-memory store, so the
// figure is the cipher's and the middleware's alone, not IndexedDB's.
// Run: node --import tsx test/bench/sealing-bench.ts

import type { DBCore, DBCoreTable } from 'dexie';
import { deriveFieldKeys, fixedKeySource } from '../../renderer/vault/field-keys';
import { sealingMiddleware } from '../../renderer/vault/sealing-middleware';
import { generateShowroom } from '../../shared/sample-data/showroom';

const ROWS = 10_000;

function memoryTable(name: string, stored: Map<string, unknown>): DBCoreTable {
  const primaryKey = {
    name: null,
    isPrimaryKey: true,
    keyPath: 'id',
    extractKey: (value: { id: string }) => value.id,
  };
  return {
    name,
    schema: { name, primaryKey, indexes: [], getIndexByKeyPath: () => undefined },
    mutate: async (req) => {
      if (req.type === 'put' || req.type === 'add') {
        for (const value of req.values as { id: string }[]) stored.set(value.id, value);
      }
      return { numFailures: 0, failures: {}, lastResult: undefined, results: [] };
    },
    get: async (req) => stored.get(String(req.key)),
    getMany: async (req) => req.keys.map((key) => stored.get(String(key))),
    query: async () => ({ result: [...stored.values()] }),
    openCursor: async () => null,
    count: async () => stored.size,
  } as DBCoreTable;
}

async function main(): Promise<void> {
  const stored = new Map<string, unknown>();
  const down = { table: (name: string) => memoryTable(name, stored) } as unknown as DBCore;
  const keys = fixedKeySource(deriveFieldKeys(new Uint8Array(32).fill(3)));
  const table = sealingMiddleware(keys).create(down).table!('customers');
  const now = new Date('2026-03-10T09:30:00.000Z').toISOString();
  const customers = generateShowroom({
    seed: 7,
    customers: ROWS,
    now: new Date(now),
  }).customers.map((customer, index) => ({
    ...customer,
    id: `0190aaaa-0000-7000-8000-${String(index).padStart(12, '0')}`,
    dealershipId: 'dealership',
    ownerId: 'owner',
    createdAt: now,
    updatedAt: now,
    deleted: false,
    clocks: Object.fromEntries(
      Object.keys(customer).map((field) => [field, '001796673948557:00000:abcdef0123456789']),
    ),
  }));
  const trans = {} as never;

  for (let round = 0; round < 3; round += 1) {
    stored.clear();
    const sealStart = performance.now();
    await table.mutate({ type: 'put', trans, values: customers });
    const sealMs = performance.now() - sealStart;
    const openStart = performance.now();
    const opened = await table.query({
      trans,
      values: true,
      query: { index: table.schema.primaryKey, range: { type: 3 } as never },
    });
    const openMs = performance.now() - openStart;
    if (opened.result.length !== customers.length) throw new Error('rows lost');
    const bytes = JSON.stringify(customers).length;
    console.log(
      `round ${round + 1}: ${ROWS} customer rows (${(bytes / 1e6).toFixed(1)} MB of JSON): ` +
        `seal ${sealMs.toFixed(0)} ms, open ${openMs.toFixed(0)} ms`,
    );
  }
}

await main();
