// npm run docs:schema — writes docs/sync-schema.json and docs/sync-schema.md from the shared zod
// schemas (shared/sync/schema-reference.ts). Run it after changing a protocol or table schema;
// scripts/sync-schema.test.ts fails until the committed files match.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchemaReference,
  schemaReferenceJson,
  schemaReferenceMarkdown,
} from '../shared/sync/schema-reference';

const docs = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));
const reference = buildSchemaReference();
writeFileSync(docs('sync-schema.json'), schemaReferenceJson(reference));
writeFileSync(docs('sync-schema.md'), schemaReferenceMarkdown(reference));
console.log('wrote docs/sync-schema.json and docs/sync-schema.md');
