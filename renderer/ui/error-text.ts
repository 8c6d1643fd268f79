// The one place an error becomes a sentence for the user. The server's `message` is English for
// its logs; what the user reads comes from the answer's `reason` (or, from an older server, its
// coarser `error` code), translated here. Anything else — a reason this app does not know yet, a
// local bug — reads as a generic translated sentence, never as raw English.

import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ERROR_REASONS, type ErrorReason } from '../../shared/sync/protocol';
import { LoginRequiredError, NetworkError, ServerError } from '../sync/errors';

function isKnownReason(reason: unknown): reason is ErrorReason {
  return (ERROR_REASONS as readonly unknown[]).includes(reason);
}

/** The device reasons read from the devices section (the wipe answer's code is one of them). */
const DEVICE_REASONS = [
  'device_wiped',
  'device_not_found',
  'device_not_marked',
  'cannot_wipe_own_device',
] as const satisfies readonly ErrorReason[];

function isDeviceReason(reason: unknown): reason is (typeof DEVICE_REASONS)[number] {
  return (DEVICE_REASONS as readonly unknown[]).includes(reason);
}

export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof NetworkError) return t('serverErrors.network');
  if (error instanceof LoginRequiredError) return t('serverErrors.loginRequired');
  if (error instanceof ServerError) {
    const reason = error.body?.reason ?? (error.code === 'device_wiped' ? error.code : undefined);
    if (isDeviceReason(reason)) return t(`devices.errors.${reason}`);
    if (isKnownReason(reason)) return t(`serverErrors.reasons.${reason}`);
    return t(`serverErrors.codes.${error.code}`);
  }
  // The details of a local failure help a developer, not the user: they go to the console.
  console.error(error);
  return t('serverErrors.unknown');
}

export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => errorText(t, error), [t]);
}
