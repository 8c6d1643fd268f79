// The protocol's reference, generated from the zod schemas themselves: every message of
// protocol.ts and export-protocol.ts and the fields of every synced table (SYNC_FIELD_SCHEMAS), as
// JSON Schema (docs/sync-schema.json, GET /v1/schema) and as a readable summary
// (docs/sync-schema.md). `npm run docs:schema` writes both; a test fails when the committed
// files differ from what the schemas give, so the docs cannot drift from the server.
//
// Deterministic: names are sorted, and nothing depends on time or the machine.

import { z } from 'zod';
import * as exportProtocol from './export-protocol';
import * as protocol from './protocol';
import { PROTOCOL_VERSION } from './protocol';
import { SYNC_FIELD_SCHEMAS } from './tables';

type JsonSchema = { [key: string]: unknown };

export type SchemaReference = {
  protocol: number;
  /** Request and response bodies, by the name of their schema in shared/sync. */
  messages: Record<string, JsonSchema>;
  /** The fields a row of each synced table may carry (every field optional in a push). */
  tables: Record<string, JsonSchema>;
};

/** The wire shape: what a peer sends and receives (a schema's input, before defaults). */
function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  });
  return rest;
}

function messagesOf(module: Record<string, unknown>, file: string): [string, JsonSchema][] {
  return Object.entries(module)
    .filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType)
    .map(([name, schema]) => [
      name.replace(/Schema$/, ''),
      { 'x-source': `shared/sync/${file}`, ...toJsonSchema(schema) },
    ]);
}

const byName = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function buildSchemaReference(): SchemaReference {
  return {
    protocol: PROTOCOL_VERSION,
    messages: byName([
      ...messagesOf(protocol, 'protocol.ts'),
      ...messagesOf(exportProtocol, 'export-protocol.ts'),
    ]),
    tables: byName(
      Object.entries(SYNC_FIELD_SCHEMAS).map(([table, schema]): [string, JsonSchema] => [
        table,
        toJsonSchema(schema),
      ]),
    ),
  };
}

export function schemaReferenceJson(reference = buildSchemaReference()): string {
  return `${JSON.stringify(reference, null, 2)}\n`;
}

// --- the readable summary --------------------------------------------------------------------

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const code = (value: unknown) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

/** One schema's type in a few words: `string`, `"a" \| "b"`, `array of object`, `X or null`. */
function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(code).join(' \\| ');
  if ('const' in schema) return code(schema.const);
  const options = Array.isArray(schema.anyOf) ? schema.anyOf : schema.oneOf;
  if (Array.isArray(options)) return options.filter(isSchema).map(typeOf).join(' or ');
  if (schema.type === 'array' && isSchema(schema.items)) return `array of ${typeOf(schema.items)}`;
  if (schema.type === 'object' && isSchema(schema.additionalProperties)) {
    return `map of ${typeOf(schema.additionalProperties)}`;
  }
  if (typeof schema.type === 'string') return schema.type;
  return 'any';
}

/** Limits of one schema: lengths, ranges, formats, patterns, its description. */
function limitsOf(schema: JsonSchema): string {
  const limits: string[] = [];
  const add = (key: string, label: string) => {
    const value = schema[key];
    // zod states the safe-integer range on every integer: it says nothing.
    if (value === undefined || Math.abs(Number(value)) === Number.MAX_SAFE_INTEGER) return;
    limits.push(`${label} ${String(value)}`);
  };
  add('minLength', 'length ≥');
  add('maxLength', 'length ≤');
  add('minimum', '≥');
  add('exclusiveMinimum', '>');
  add('maximum', '≤');
  add('exclusiveMaximum', '<');
  add('minItems', 'items ≥');
  add('maxItems', 'items ≤');
  if (typeof schema.format === 'string') limits.push(`format ${schema.format}`);
  if (typeof schema.pattern === 'string') limits.push(`pattern ${code(schema.pattern)}`);
  if (schema.default !== undefined) limits.push(`default \`${JSON.stringify(schema.default)}\``);
  if (typeof schema.description === 'string') limits.push(schema.description);
  const options = Array.isArray(schema.anyOf) ? schema.anyOf : [];
  for (const option of options)
    if (isSchema(option) && option.type !== 'null') {
      const inner = limitsOf(option);
      if (inner) limits.push(inner);
    }
  if (schema.type === 'array' && isSchema(schema.items) && schema.items.type !== 'object') {
    const inner = limitsOf(schema.items);
    if (inner) limits.push(`each: ${inner}`);
  }
  return limits.join('; ').replaceAll('|', '\\|');
}

/** Rows `path | type | required | limits`, nested objects (and arrays of them) as dotted paths. */
function fieldRows(schema: JsonSchema, prefix: string, rows: string[]): void {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const [name, value] of Object.entries(properties)) {
    if (!isSchema(value)) continue;
    const path = `${prefix}${name}`;
    rows.push(
      `| \`${path}\` | ${typeOf(value)} | ${required.includes(name) ? 'yes' : ''} | ${limitsOf(value)} |`,
    );
    const nullable = Array.isArray(value.anyOf) ? value.anyOf.filter(isSchema) : [value];
    for (const option of nullable) {
      if (option.type === 'object') fieldRows(option, `${path}.`, rows);
      if (option.type === 'array' && isSchema(option.items) && option.items.type === 'object') {
        fieldRows(option.items, `${path}[].`, rows);
      }
    }
  }
}

function section(title: string, schema: JsonSchema): string {
  const lines = [`### ${title}`, ''];
  if (typeof schema['x-source'] === 'string') lines.push(`From \`${schema['x-source']}\`.`, '');
  const variants = Array.isArray(schema.oneOf) ? schema.oneOf : schema.anyOf;
  const shapes = schema.type === 'object' ? [schema] : Array.isArray(variants) ? variants : [];
  const objects = shapes.filter(isSchema).filter((shape) => shape.type === 'object');
  if (objects.length === 0) {
    lines.push(`${typeOf(schema)}${limitsOf(schema) ? ` (${limitsOf(schema)})` : ''}`, '');
    return lines.join('\n');
  }
  for (const [index, shape] of objects.entries()) {
    if (objects.length > 1) lines.push(`Variant ${index + 1}:`, '');
    const rows: string[] = [];
    fieldRows(shape, '', rows);
    const closed = shape.additionalProperties === false;
    lines.push('| field | type | required | limits |', '| --- | --- | --- | --- |', ...rows, '');
    if (closed) lines.push('Unknown fields are refused.', '');
  }
  return lines.join('\n');
}

export function schemaReferenceMarkdown(reference = buildSchemaReference()): string {
  const parts = [
    `# Sync protocol ${reference.protocol}: the messages and rows, field by field`,
    '',
    'Generated by `npm run docs:schema` from the zod schemas in `shared/sync/`; do not edit.',
    'The same reference as JSON Schema: `docs/sync-schema.json`, and `GET /v1/schema` on a server.',
    'docs/sync-protocol.md says when each message is sent and what the server does with it.',
    '',
    '## Messages',
    '',
    ...Object.entries(reference.messages).map(([name, schema]) => section(name, schema)),
    '## Table rows',
    '',
    'The fields of a row of each table. In a push every field is optional (a change names only',
    'what it changed); a pulled row carries every field it has, plus `clocks`.',
    '',
    ...Object.entries(reference.tables).map(([name, schema]) => section(name, schema)),
  ];
  return `${parts.join('\n').trimEnd()}\n`;
}
