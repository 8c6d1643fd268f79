// Why a login failed, in the user's words: each failure the engine can report maps to one
// message key (and what the user can do about it, e.g. clear sample data).

import type { TFunction } from 'i18next';
import { LoginRefusedError } from '../../db/session-repo';
import {
  ForbiddenError,
  NetworkError,
  ProtocolOutdatedError,
  RateLimitedError,
  UnauthorizedError,
} from '../../sync/errors';
import { errorText } from '../../ui/error-text';

export type LoginFailure = {
  text: string;
  /** The fix is to clear the local data (sample data blocks the first login). */
  offerClear: boolean;
};

export function describeLoginError(error: unknown, t: TFunction): LoginFailure {
  const plain = (text: string): LoginFailure => ({ text, offerClear: false });
  if (error instanceof LoginRefusedError) {
    if (error.reason === 'sample_data') {
      return { text: t('sync.loginError.sampleData'), offerClear: true };
    }
    return plain(t('sync.loginError.otherUserPending', { login: error.login ?? '' }));
  }
  if (error instanceof UnauthorizedError) return plain(t('sync.loginError.wrongPassword'));
  if (error instanceof RateLimitedError) {
    return plain(
      error.retryAfterSeconds !== null
        ? t('sync.loginError.rateLimited', { seconds: error.retryAfterSeconds })
        : t('sync.loginError.rateLimitedNoTime'),
    );
  }
  if (error instanceof NetworkError) return plain(t('sync.loginError.unreachable'));
  if (error instanceof ProtocolOutdatedError) return plain(t('sync.loginError.outdated'));
  if (error instanceof ForbiddenError) return plain(t('sync.loginError.forbidden'));
  return plain(
    t('sync.loginError.failed', {
      message: errorText(t, error),
    }),
  );
}
