// The one text field of every form schema: trimmed, and limited with a message that says the limit.

import { z } from 'zod';
import { messageWithParams } from './validation-message';

export function textField(max: number) {
  return z
    .string()
    .trim()
    .max(max, { message: messageWithParams('validation.tooLong', { max }) });
}
