// What the multi-client tests do through the app's own repositories: create and edit cards, plan
// follow-ups, and wait for sync to settle.

import {
  createCustomer,
  customerToFormValues,
  updateCustomer,
} from '../../renderer/db/customers-repo';
import { planFollowUp } from '../../renderer/db/follow-ups-repo';
import { customerForm } from '../../renderer/test-support/test-db';
import type { Customer } from '../../shared/domain/customer';
import type { CustomerFormValues } from '../../shared/domain/schemas';
import type { Account, Client } from './sync-clients';

let phoneCounter = 0;

/** A valid mobile number no other card of this test run has. */
export function uniquePhone(): string {
  phoneCounter += 1;
  const tail = String((process.pid * 7919 + phoneCounter) % 100_000_000).padStart(8, '0');
  return `139${tail}`;
}

export async function login(client: Client, account: Account): Promise<Client> {
  await client.engine.login(account.login, account.password);
  return client;
}

export async function addCard(
  client: Client,
  name: string,
  overrides: Partial<CustomerFormValues> = {},
): Promise<Customer> {
  return createCustomer(
    await client.ctx(),
    customerForm({ name, phones: [{ number: uniquePhone() }], ...overrides }),
  );
}

/** Saves the card form with some fields changed, as the card page does. */
export async function editCard(
  client: Client,
  id: string,
  changes: Partial<CustomerFormValues>,
): Promise<Customer> {
  const current = await client.db.customers.get(id);
  if (!current) throw new Error(`${client.label} has no customer ${id}`);
  return updateCustomer(await client.ctx(), id, { ...customerToFormValues(current), ...changes });
}

export async function planCall(client: Client, customerId: string, purpose: string) {
  return planFollowUp(await client.ctx(), customerId, {
    dueAt: new Date(Date.now() + 2 * 86_400_000),
    channel: 'phone',
    purpose,
  });
}

/** Until `check` passes (it throws while not yet), at most `timeoutMs`. */
export async function eventually(
  check: () => Promise<void>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
