// The fixed field keys every unit-test database is sealed with, so tests run through the sealing
// layer exactly as the app does.

import { deriveFieldKeys, fixedKeySource, type FieldKeys } from '../vault/field-keys';

export const TEST_FIELD_KEYS: FieldKeys = deriveFieldKeys(new Uint8Array(32).fill(7));

export const testKeySource = fixedKeySource(TEST_FIELD_KEYS);
