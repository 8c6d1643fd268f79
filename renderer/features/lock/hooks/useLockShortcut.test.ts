import { describe, expect, it } from 'vitest';
import { isLockShortcut } from './useLockShortcut';

const key = (init: Partial<Parameters<typeof isLockShortcut>[0]>) => ({
  key: 'l',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...init,
});

describe('isLockShortcut', () => {
  it('is Ctrl+L or Cmd+L, in either case', () => {
    expect(isLockShortcut(key({ ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key({ metaKey: true, key: 'L' }))).toBe(true);
  });

  it('is not L alone, nor with Alt or Shift, nor another letter', () => {
    expect(isLockShortcut(key({}))).toBe(false);
    expect(isLockShortcut(key({ ctrlKey: true, altKey: true }))).toBe(false);
    expect(isLockShortcut(key({ ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isLockShortcut(key({ ctrlKey: true, key: 'k' }))).toBe(false);
  });
});
