import { describe, expect, it } from 'vitest';
import { newClientId } from './client-id';
import { loginRequestSchema, pullQuerySchema, SERVER_NODE } from './protocol';

describe('newClientId', () => {
  it('makes ids the server accepts, never its own node, and a new one each time', () => {
    const ids = Array.from({ length: 1_000 }, () => newClientId());
    for (const clientId of ids) {
      expect(clientId).toMatch(/^[0-9a-f]{16}$/);
      expect(clientId).not.toBe(SERVER_NODE);
      expect(
        loginRequestSchema.safeParse({ login: 'lina', password: 'password1', clientId }).success,
      ).toBe(true);
      expect(pullQuerySchema.safeParse({ cursor: '0', clientId }).success).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
