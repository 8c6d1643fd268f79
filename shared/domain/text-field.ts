// The one text field of every form schema: trimmed, limited with a message that says the limit,
// and refused at once when it holds what no database can store (U+0000, half an emoji): said
// next to the field while the user is there, not as a refused change after the next sync.

import { z } from 'zod';
import { isStorableText } from '../sync/storable';
import { messageWithParams } from './validation-message';

export function textField(max: number) {
  return z
    .string()
    .trim()
    .max(max, { message: messageWithParams('validation.tooLong', { max }) })
    .refine(isStorableText, { message: 'validation.unstorableText' });
}
