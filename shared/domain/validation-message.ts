// Validation messages are i18n keys (validation.*), so that the renderer says them in the reader's
// language. Some need a number to be useful ("at most 60 characters", not "too long"): the key
// carries its parameters after a "?" as URL search parameters, and the renderer's translator
// (renderer/ui/useValidationText.ts) splits them off again. Pure, so the schemas stay in shared/.

export type MessageParams = Record<string, string | number>;

/** `validation.tooLong` with { max: 60 } → "validation.tooLong?max=60". */
export function messageWithParams(key: string, params: MessageParams): string {
  const query = new URLSearchParams(
    Object.entries(params).map(([name, value]) => [name, String(value)]),
  );
  return `${key}?${query.toString()}`;
}

/** The inverse of messageWithParams; a plain key comes back with no parameters. */
export function parseMessage(message: string): { key: string; params: MessageParams } {
  const at = message.indexOf('?');
  if (at < 0) return { key: message, params: {} };
  const params: MessageParams = {};
  for (const [name, value] of new URLSearchParams(message.slice(at + 1))) params[name] = value;
  return { key: message.slice(0, at), params };
}
