import { describe, expect, it } from 'vitest';
import { EMPTY_CUSTOMER_FORM } from '../domain/schemas';
import { updateFields } from './update-fields';

const card = {
  ...EMPTY_CUSTOMER_FORM,
  name: '王伟',
  phones: ['13800138000'],
  model: '汉EV',
  city: '',
  notes: '老客户',
  tags: ['VIP'],
};
const line = {
  name: '王先生',
  phones: ['13800138000', '13900139000'],
  model: '唐',
  city: '广州',
  gender: 'male' as const,
  notes: '兴趣爱好：钓鱼',
  tags: ['广州车展'],
};

describe('updateFields', () => {
  it('fills only empty fields, adds phones, tag and notes', () => {
    expect(updateFields(card, line, { mode: 'fill' })).toEqual({
      phones: ['13800138000', '13900139000'],
      city: '广州',
      gender: 'male',
      notes: '老客户\n兴趣爱好：钓鱼',
      tags: ['VIP', '广州车展'],
    });
  });

  it('overwrites the chosen fields', () => {
    expect(
      updateFields(card, line, { mode: 'overwrite', fields: ['model', 'name'] }),
    ).toMatchObject({
      name: '王先生',
      model: '唐',
      city: '广州',
    });
  });

  it('adds nothing twice', () => {
    const filled = { ...card, ...updateFields(card, line, { mode: 'fill' }) };
    expect(updateFields(filled, line, { mode: 'fill' })).toEqual({});
  });
});
