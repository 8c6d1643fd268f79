import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/domain/customer';
import type { TeamMember } from '../../../shared/sync/protocol';
import { createCustomer } from '../../db/customers-repo';
import { customerForm, openTestDb } from '../../test-support/test-db';
import {
  defaultOwner,
  ownerCandidates,
  previewDuplicateMerge,
  queryDuplicateClaims,
} from './duplicate-claims';

const team: TeamMember[] = [
  { id: 'lina', login: 'lina', name: '李娜', role: 'consultant', active: true },
  { id: 'wang', login: 'wang', name: '王磊', role: 'consultant', active: true },
  { id: 'chen', login: 'chen', name: '陈静', role: 'consultant', active: false },
  { id: 'zhou', login: 'zhou', name: '周经理', role: 'manager', active: true },
  { id: 'admin', login: 'admin', name: '赵管理', role: 'admin', active: true },
];

/** Cards as sync would have put them on a manager's laptop: several owners. */
async function showroom() {
  const { db, ctx } = await openTestDb();
  const make = async (ownerId: string, name: string, phones: string[], extra = {}) => {
    const card = await createCustomer(
      ctx,
      customerForm({ name, phones: phones.map((number) => ({ number })), ...extra }),
    );
    const owned: Customer = { ...card, ownerId };
    await db.customers.put(owned);
    return owned;
  };
  return { db, make };
}

describe('queryDuplicateClaims', () => {
  it('finds cards of different consultants sharing a number, from the phone index', async () => {
    const { db, make } = await showroom();
    const a = await make('lina', '张叁', ['13800138000'], { city: '北京' });
    const b = await make('wang', '张三', ['13900139000', '13800138000']);
    await make('wang', '李四', ['13700137000']);
    // One consultant's own duplicate is not a claim between consultants.
    await make('lina', '王五', ['13600136000']);
    await make('lina', '王五', ['13600136000']);
    const claims = await queryDuplicateClaims(db);
    expect(claims).toHaveLength(1);
    expect(claims[0]?.cards.map((card) => card.id).sort()).toEqual([a.id, b.id].sort());
    expect(claims[0]?.sharedPhones).toEqual(['13800138000']);
  });

  it('is empty when no number repeats', async () => {
    const { db, make } = await showroom();
    await make('lina', '张叁', ['13800138000']);
    expect(await queryDuplicateClaims(db)).toEqual([]);
  });
});

describe('previewDuplicateMerge', () => {
  it('shows the server’s result: joined phones, filled fields, values not taken, who loses it', async () => {
    const { db, make } = await showroom();
    await make('lina', '张叁', ['13800138000', '13700137000'], {
      city: '北京',
      wechatId: 'zs88',
      notes: '周末有空',
    });
    const kept = await make('wang', '张三', ['13800138000'], { city: '上海', notes: '' });
    const [claim] = await queryDuplicateClaims(db);
    if (!claim) throw new Error('no claim');
    const preview = previewDuplicateMerge(claim, kept.id, 'wang', team);
    expect(preview?.result).toMatchObject({
      name: '张三',
      ownerId: 'wang',
      phones: ['13800138000', '13700137000'],
      wechatId: 'zs88',
      city: '上海',
    });
    expect(preview?.filled).toContainEqual({ field: 'wechatId', from: 'zs88', to: 'zs88' });
    expect(preview?.notTaken).toContainEqual({ field: 'city', from: '北京', to: '上海' });
    expect(preview?.notTaken).toContainEqual({ field: 'name', from: '张叁', to: '张三' });
    expect(preview?.notesAppended).toBe(1);
    expect(preview?.losingOwnerIds).toEqual(['lina']);
    // Given to the manager, both consultants lose it.
    expect(previewDuplicateMerge(claim, kept.id, 'zhou', team)?.losingOwnerIds.sort()).toEqual([
      'lina',
      'wang',
    ]);
  });
});

describe('owners', () => {
  it('offers active consultants first, then managers; never admins or departed people', () => {
    expect(ownerCandidates(team).map((member) => member.id)).toEqual(['lina', 'wang', 'zhou']);
  });

  it('proposes the kept card’s owner only when they may own it', () => {
    expect(defaultOwner({ ownerId: 'chen' }, team)).toBeNull();
    expect(defaultOwner({ ownerId: 'admin' }, team)).toBeNull();
    expect(defaultOwner({ ownerId: 'wang' }, team)).toBe('wang');
  });
});
