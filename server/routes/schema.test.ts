import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSchemaReference } from '../../shared/sync/schema-reference';
import { createTestApp, describeEachBackend, type TestApp } from '../test-support';

describeEachBackend('protocol reference', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  it('serves the JSON Schema of every message and table without a token', async () => {
    const response = await t.http.request<ReturnType<typeof buildSchemaReference>>({
      url: '/v1/schema',
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(buildSchemaReference());
    expect(Object.keys(response.body.tables)).toContain('customers');
    expect(response.body.messages.tokenResponse).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['accessToken', 'refreshToken', 'user']),
    });
  });
});
