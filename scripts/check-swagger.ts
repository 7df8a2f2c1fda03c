// `npm run contract:swagger -- <path-to-swagger.json>`: checks the project's description of the Quatrix API
// (test/contract/description.ts) against a published Swagger 2.0 file, and one last line for machines:
//   contract:swagger endpoints=N fields=N newer=N conflicts=N
// endpoints: described endpoints the swagger has; fields: described fields the swagger also lists (their
// types compared; integer and number are compatible); newer: endpoints, statuses and fields the description
// adds beyond the swagger (the newer API page, production clients), each printed; conflicts: a field the
// swagger types differently, or a status the swagger lacks that the description does not mark as newer.
// Fields the swagger lists that the description leaves out are printed as `older` (no failure).
// Exits 1 on any conflict, 2 on a bad argument.
import { readFileSync } from 'node:fs';
import {
  endpointName,
  ENDPOINTS,
  ERROR_BODY,
  type FieldSpec,
  type JsonType,
} from '../test/contract/description.js';

interface SwaggerSchema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, SwaggerSchema>;
  items?: SwaggerSchema;
}
interface Swagger {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { schema?: SwaggerSchema } | undefined> }>
  >;
  definitions?: Record<string, SwaggerSchema>;
}

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run contract:swagger -- <path-to-swagger.json>');
  process.exit(2);
}
let swagger: Swagger;
try {
  swagger = JSON.parse(readFileSync(file, 'utf8')) as Swagger;
} catch (error) {
  console.error(`contract:swagger: cannot read ${file}: ${(error as Error).message}`);
  process.exit(2);
}
if (typeof swagger.paths !== 'object' || swagger.paths === null) {
  console.error(`contract:swagger: ${file} has no "paths": not a Swagger 2.0 file`);
  process.exit(2);
}

const counts = { endpoints: 0, fields: 0, newer: 0, conflicts: 0 };
const newer = (what: string): void => {
  counts.newer++;
  console.log(`newer     ${what}`);
};
const conflict = (what: string): void => {
  counts.conflicts++;
  console.log(`CONFLICT  ${what}`);
};
const older = (what: string): void => console.log(`older     ${what}`);

/** Path templates match whatever their parameters are called (`{id}` and `{key}` alike). */
const shape = (template: string): string => template.replace(/\{[^}]*\}/g, '{}');
const swaggerPaths = new Map(Object.entries(swagger.paths).map(([p, ops]) => [shape(p), ops]));

function resolve(schema: SwaggerSchema | undefined, seen = new Set<string>()): SwaggerSchema | undefined {
  if (!schema?.$ref) return schema;
  if (seen.has(schema.$ref)) return undefined;
  seen.add(schema.$ref);
  return resolve(swagger.definitions?.[schema.$ref.replace('#/definitions/', '')], seen);
}

/** The swagger's type as one of ours: `number` with an integer format is an integer. */
function swaggerType(s: SwaggerSchema): JsonType | undefined {
  if (s.type === 'number' && (s.format === 'integer' || s.format === 'int')) return 'integer';
  if (s.type === undefined && s.properties) return 'object';
  return s.type as JsonType | undefined;
}

function compatible(ours: JsonType, theirs: JsonType): boolean {
  const numeric = (t: JsonType): boolean => t === 'integer' || t === 'number';
  return ours === theirs || (numeric(ours) && numeric(theirs));
}

/** Compares one described value with the swagger's schema of it. */
function compare(ours: FieldSpec, theirsRaw: SwaggerSchema | undefined, where: string): void {
  const theirs = resolve(theirsRaw);
  const type = theirs && swaggerType(theirs);
  if (!theirs || !type) {
    // The swagger gives no schema (e.g. `keepalive`): all the description says is newer.
    for (const [key, field] of Object.entries(ours.fields ?? {})) newer(`${where} ${key} (${field.type})`);
    if (ours.type !== 'object') newer(`${where} is a JSON ${ours.type}`);
    return;
  }
  if (!compatible(ours.type, type)) {
    conflict(`${where}: described as ${ours.type}, the swagger says ${type}`);
    return;
  }
  if (ours.type === 'array' && ours.items) compare(ours.items, theirs.items, `${where}[]`);
  if (ours.type !== 'object' || !ours.fields) return;
  const listed = theirs.properties ?? {};
  for (const [key, field] of Object.entries(ours.fields)) {
    const at = `${where} ${key}`;
    if (!(key in listed)) {
      newer(`${at} (${field.type})`);
      continue;
    }
    counts.fields++;
    compare(field, listed[key], at);
  }
  for (const key of Object.keys(listed)) {
    if (!(key in ours.fields)) older(`${where} ${key} (the swagger lists it; the description does not)`);
  }
}

for (const e of ENDPOINTS) {
  const name = endpointName(e);
  const op = e.base === 'api' ? swaggerPaths.get(shape(e.path))?.[e.method.toLowerCase()] : undefined;
  if (!op) {
    newer(`${name} (not in the swagger) answers ${e.answers.map((a) => a.status).join(', ')}`);
    continue;
  }
  counts.endpoints++;
  for (const a of e.answers) {
    const response = op.responses?.[String(a.status)];
    if (!response) {
      if (a.newer) newer(`${name} ${a.status} (a status the swagger does not list)`);
      else conflict(`${name}: the swagger has no status ${a.status}`);
      continue;
    }
    compare(a.body, response.schema, `${name} ${a.status}`);
  }
}
if (swagger.definitions?.ErrorModel) compare(ERROR_BODY, swagger.definitions.ErrorModel, 'error body');
else newer('error body (the swagger has no ErrorModel)');

console.log(
  `contract:swagger endpoints=${counts.endpoints} fields=${counts.fields} newer=${counts.newer} conflicts=${counts.conflicts}`,
);
process.exit(counts.conflicts > 0 ? 1 : 0);
