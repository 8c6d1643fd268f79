// Keeps a react-hook-form's values in a local draft while the user types (debounced), so that a
// crash, a reload or a closed window never loses what was typed. The caller restores the draft
// (validated by its own schema) as the form's initial values and discards it after saving.

import { useEffect } from 'react';
import type { FieldValues, UseFormWatch } from 'react-hook-form';
import { db } from '../db/db';
import { saveDraft } from '../db/drafts-repo';

const SAVE_AFTER_MS = 400;

export function useFormDraft<Values extends FieldValues>(
  key: string,
  watch: UseFormWatch<Values>,
): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = watch((values) => {
      clearTimeout(timer);
      timer = setTimeout(() => void saveDraft(db, key, values), SAVE_AFTER_MS);
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [key, watch]);
}

/** A stored draft laid over the form's initial values; unknown keys and wrong types are ignored. */
export function mergeDraft<Values extends Record<string, unknown>>(
  initial: Values,
  draft: unknown,
): Values {
  if (typeof draft !== 'object' || draft === null || Array.isArray(draft)) return initial;
  const merged: Record<string, unknown> = { ...initial };
  for (const [key, value] of Object.entries(draft)) {
    if (!(key in initial)) continue;
    const expected = initial[key];
    const compatible =
      expected === null ||
      value === null ||
      (Array.isArray(expected) ? Array.isArray(value) : typeof expected === typeof value);
    if (compatible) merged[key] = value;
  }
  return merged as Values;
}
