import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodIssue, describeZodIssues } from './zod-issues';

const schema = z.object({
  name: z.string().min(1, 'too short'),
  phones: z.array(z.object({ number: z.string().regex(/^\d+$/, 'digits only') })),
});

function failure(value: unknown): z.ZodError {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
}

describe('describeZodIssues', () => {
  it('names each issue by its dotted path, joined by "; "', () => {
    expect(
      describeZodIssues(failure({ name: '', phones: [{ number: '1' }, { number: 'x' }] })),
    ).toBe('name: too short; phones.1.number: digits only');
  });

  it('stops after the limit', () => {
    expect(describeZodIssues(failure({ name: '', phones: [{ number: 'x' }] }), { limit: 1 })).toBe(
      'name: too short',
    );
  });

  it('says the root for an issue about the whole value, in the caller’s word', () => {
    const error = failure('not an object');
    expect(describeZodIssues(error)).toMatch(/^\(root\): /);
    expect(describeZodIssue(error.issues[0]!, '(fields)')).toMatch(/^\(fields\): /);
    expect(describeZodIssue(error.issues[0]!, '')).toMatch(/^: /);
  });
});
