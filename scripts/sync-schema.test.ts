// The committed protocol reference must be what the schemas generate: change a schema, run
// `npm run docs:schema`, commit both. Otherwise the docs and the server have drifted.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildSchemaReference,
  schemaReferenceJson,
  schemaReferenceMarkdown,
} from '../shared/sync/schema-reference';

const committed = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../docs/${name}`, import.meta.url)), 'utf8');

describe('docs/sync-schema.*', () => {
  const reference = buildSchemaReference();

  it('docs/sync-schema.json is what the schemas generate (npm run docs:schema)', () => {
    expect(committed('sync-schema.json')).toBe(schemaReferenceJson(reference));
  });

  it('docs/sync-schema.md is what the schemas generate (npm run docs:schema)', () => {
    expect(committed('sync-schema.md')).toBe(schemaReferenceMarkdown(reference));
  });

  it('covers the rows and the answers a second client needs', () => {
    expect(Object.keys(reference.tables).length).toBeGreaterThanOrEqual(11);
    for (const name of [
      'tokenResponse',
      'sessionUser',
      'teamMember',
      'exportRecord',
      'listExportsResponse',
      'reassignCustomersResponse',
      'pushRequest',
      'pullResponse',
    ]) {
      expect(reference.messages, name).toHaveProperty(name);
    }
    // Generating twice gives the same text.
    expect(schemaReferenceJson(buildSchemaReference())).toBe(schemaReferenceJson(reference));
  });
});
