import { describe, expect, it } from 'vitest';
import { mutationAckSchema } from './protocol';

const row = { table: 'customers', id: 'c1', data: { city: '深圳' }, clocks: { city: 'h' } };

describe('mutationAckSchema', () => {
  it('takes applied acks with and without the row (older servers send none)', () => {
    expect(mutationAckSchema.safeParse({ seq: 1, status: 'applied' }).success).toBe(true);
    expect(
      mutationAckSchema.safeParse({ seq: 1, status: 'applied', replayed: true, current: row })
        .success,
    ).toBe(true);
    expect(mutationAckSchema.safeParse({ seq: 1, status: 'rejected', current: null }).success).toBe(
      true,
    );
  });

  it('refuses an applied ack whose row is null or malformed', () => {
    expect(mutationAckSchema.safeParse({ seq: 1, status: 'applied', current: null }).success).toBe(
      false,
    );
    expect(
      mutationAckSchema.safeParse({
        seq: 1,
        status: 'applied',
        current: { ...row, table: 'nope' },
      }).success,
    ).toBe(false);
  });
});
