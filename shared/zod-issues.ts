// How a zod failure is told in a log line, an error or a refusal: `path: message` per issue, the
// path dotted. Server, electron and the sync client say it the same way.

import type { z } from 'zod';

/** `root` stands in for an empty path (an issue about the value as a whole). */
export function describeZodIssue(issue: z.core.$ZodIssue, root = '(root)'): string {
  return `${issue.path.map(String).join('.') || root}: ${issue.message}`;
}

/** Every issue (or the first `limit`), joined by "; ". */
export function describeZodIssues(
  error: z.ZodError,
  options: { root?: string; limit?: number } = {},
): string {
  return error.issues
    .slice(0, options.limit)
    .map((issue) => describeZodIssue(issue, options.root))
    .join('; ');
}
