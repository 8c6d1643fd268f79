import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageWithParams, parseMessage } from './validation-message';

describe('validation messages with parameters', () => {
  it('carries the parameters of a key and gives them back', () => {
    const message = messageWithParams('validation.tooLong', { max: 60 });
    expect(message).toBe('validation.tooLong?max=60');
    expect(parseMessage(message)).toEqual({ key: 'validation.tooLong', params: { max: '60' } });
  });

  it('leaves a plain key alone', () => {
    expect(parseMessage('validation.nameRequired')).toEqual({
      key: 'validation.nameRequired',
      params: {},
    });
  });

  it('round-trips any parameter values, also ones with ? & = and Chinese', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string()), (params) => {
        const parsed = parseMessage(messageWithParams('validation.x', params));
        expect(parsed).toEqual({ key: 'validation.x', params });
      }),
      { seed: 20261207, numRuns: 200 },
    );
  });
});
