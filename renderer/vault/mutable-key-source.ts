// The key source of the app's database: the vault sets the keys when it opens and clears them
// when it locks; the sealing layer asks for them at every request.

import type { FieldKeys, FieldKeySource } from './field-keys';

export type MutableKeySource = FieldKeySource & {
  set(keys: FieldKeys): void;
  /** Locks: from now on no personal field can be read or written. */
  clear(): void;
};

/** A key source that starts locked. */
export function mutableKeySource(): MutableKeySource {
  let keys: FieldKeys | null = null;
  return {
    current: () => keys,
    set: (next) => {
      keys = next;
    },
    clear: () => {
      keys = null;
    },
  };
}
