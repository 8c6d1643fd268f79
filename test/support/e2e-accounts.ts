// The fixed accounts of the e2e sync server (test/support/e2e-sync-server.ts seeds them). Kept
// free of server imports so that specs importing it stay light.
//
// Isolation: Playwright runs tests in parallel, so every slot is a dealership of its own; a spec
// takes the slot of its worker (testInfo.parallelIndex), which no concurrently running test
// shares. Tests that run one after the other in a slot share its data, so they use unique names.

export const E2E_SYNC_DEFAULT_PORT = 8788;

/** Slots seeded: more than any local or CI run has parallel workers. */
export const E2E_DEALERSHIP_COUNT = 16;

export const E2E_PASSWORD = 'dealerdesk-e2e-2026';

export type E2eAccount = { login: string; name: string; password: string };

export type E2eDealership = {
  name: string;
  admin: E2eAccount;
  manager: E2eAccount;
  consultants: readonly [E2eAccount, E2eAccount];
};

export function e2eSyncServerUrl(port = e2eSyncPort()): string {
  return `http://127.0.0.1:${port}`;
}

export function e2eSyncPort(): number {
  const fromEnv = Number(process.env.E2E_SYNC_PORT);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : E2E_SYNC_DEFAULT_PORT;
}

export function e2eDealership(slot: number): E2eDealership {
  if (!Number.isInteger(slot) || slot < 0 || slot >= E2E_DEALERSHIP_COUNT) {
    throw new Error(
      `No e2e dealership for slot ${slot}: E2E_DEALERSHIP_COUNT (${E2E_DEALERSHIP_COUNT}) ` +
        'must exceed the number of Playwright workers',
    );
  }
  // Readable logins: the README screenshots show them.
  const account = (login: string, name: string): E2eAccount => ({
    login: `${login}-${slot + 1}`,
    name,
    password: E2E_PASSWORD,
  });
  return {
    name: `星辰汽车 ${slot + 1} 号店`,
    admin: account('admin', '赵管理'),
    manager: account('zhou', '周经理'),
    consultants: [account('lina', '李娜'), account('wanglei', '王磊')],
  };
}
