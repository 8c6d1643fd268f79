// What an admin's script (or another device) does against the e2e sync server, without a browser:
// log in, mark a device for wipe.

import { expect } from '@playwright/test';
import { newClientId } from '../../../shared/sync/client-id';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type SessionUser } from '../../../shared/sync/protocol';
import type { E2eAccount } from '../../support/e2e-accounts';
import { SYNC_SERVER } from './browsers';

const PROTOCOL = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

/** A login of its own (a new client id): the user as the server has them, and an access token. */
export async function apiLogin(
  account: E2eAccount,
): Promise<{ user: SessionUser; accessToken: string }> {
  const response = await fetch(`${SYNC_SERVER}/v1/auth/login`, {
    method: 'POST',
    headers: { ...PROTOCOL, 'content-type': 'application/json' },
    body: JSON.stringify({
      login: account.login,
      password: account.password,
      clientId: newClientId(),
    }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as { user: SessionUser; accessToken: string };
}

/** Marks the device for wipe, as 用户管理 → 设备 → 擦除 does. */
export async function wipeDeviceThroughApi(admin: E2eAccount, clientId: string): Promise<void> {
  const { accessToken } = await apiLogin(admin);
  const response = await fetch(`${SYNC_SERVER}/v1/devices/${clientId}/wipe`, {
    method: 'POST',
    headers: { ...PROTOCOL, authorization: `Bearer ${accessToken}` },
  });
  expect(response.status, await response.clone().text()).toBe(204);
}
