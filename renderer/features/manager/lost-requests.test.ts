import { describe, expect, it } from 'vitest';
import { createCustomer, requestLost } from '../../db/customers-repo';
import { customerForm, openTestDb } from '../../test-support/test-db';
import { ConflictError, ForbiddenError, NetworkError, ServerError } from '../../sync/errors';
import { countLostRequests, decisionErrorKey, queryLostRequests } from './lost-requests';

describe('queryLostRequests', () => {
  it('lists open requests oldest first, named by the team table or else the requester', async () => {
    const { db, ctx, clock, profile } = await openTestDb();
    const first = await createCustomer(ctx, customerForm({ name: '张先生' }));
    const second = await createCustomer(
      ctx,
      customerForm({ name: '李女士', phones: [{ number: '13900001111' }] }),
    );
    await createCustomer(ctx, customerForm({ name: '王总', phones: [{ number: '13900002222' }] }));
    clock.advance(60_000);
    await requestLost(ctx, second.id, { reason: '买了别家', competitorBought: '比亚迪汉' });
    clock.advance(60_000);
    await requestLost(ctx, first.id, { reason: '预算不够', competitorBought: '' });

    const requests = await queryLostRequests(db);
    expect(requests.map((request) => request.customer.name)).toEqual(['李女士', '张先生']);
    expect(requests[0]?.ownerName).toBe(profile.displayName);
    expect(await countLostRequests(db)).toBe(2);

    await db.team.put({
      id: profile.userId,
      login: 'lina-1',
      name: '李娜',
      role: 'consultant',
      active: true,
    });
    expect((await queryLostRequests(db)).map((request) => request.ownerName)).toEqual([
      '李娜',
      '李娜',
    ]);
  });

  it('leaves out deleted cards', async () => {
    const { db, ctx } = await openTestDb();
    const customer = await createCustomer(ctx, customerForm());
    await requestLost(ctx, customer.id, { reason: '联系不上', competitorBought: '' });
    await db.customers.update(customer.id, { deleted: true });
    expect(await queryLostRequests(db)).toEqual([]);
    expect(await countLostRequests(db)).toBe(0);
  });
});

describe('decisionErrorKey', () => {
  it('tells offline, already decided and not a manager apart', () => {
    expect(decisionErrorKey(new NetworkError('fetch failed'))).toBe('offline');
    expect(decisionErrorKey(new ConflictError(null))).toBe('alreadyDecided');
    expect(decisionErrorKey(new ServerError(409, 'conflict', 'decided'))).toBe('alreadyDecided');
    expect(decisionErrorKey(new ForbiddenError(null))).toBe('managersOnly');
    expect(decisionErrorKey(new ServerError(404, 'not_found', 'gone'))).toBe('notFound');
    expect(decisionErrorKey(new Error('boom'))).toBe('other');
  });
});
