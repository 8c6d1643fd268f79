// Why this laptop's data was destroyed, kept outside the database that was destroyed: the app
// starts on the notice (main.tsx) instead of an empty list that would say nothing of what
// happened. The vault's `wiped` state will carry the same; until the lock screen shows it, this
// small record does (localStorage: the reason, the time and the language, no customer data).

import { z } from 'zod';
import type { Language } from '../i18n/i18n';
import type { WipeReason } from '../vault/vault-types';

const NOTICE_KEY = 'dealerdesk.wiped';

const noticeSchema = z.object({
  reason: z.enum(['pin_failures', 'remote_wipe', 'deactivated', 'logout']),
  at: z.string(),
  language: z.enum(['zh-CN', 'en']),
});
export type WipedNoticeRecord = z.infer<typeof noticeSchema> & { reason: WipeReason };

export function readWipedNotice(): WipedNoticeRecord | null {
  try {
    const text = localStorage.getItem(NOTICE_KEY);
    if (text === null) return null;
    const parsed = noticeSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveWipedNotice(reason: WipeReason, language: Language, at = new Date()): void {
  const record: WipedNoticeRecord = { reason, at: at.toISOString(), language };
  localStorage.setItem(NOTICE_KEY, JSON.stringify(record));
}

/** The user read it: the next start is a fresh, empty app. */
export function dismissWipedNotice(): void {
  localStorage.removeItem(NOTICE_KEY);
}
