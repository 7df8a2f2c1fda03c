import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The published swagger, beside the project (`../shared/quatrix-api`), or where QUATRIX_SWAGGER says. */
export const SWAGGER_PATH =
  process.env.QUATRIX_SWAGGER ??
  path.resolve(
    path.dirname(new URL(import.meta.url).pathname),
    '../../../shared/quatrix-api/quatrix-swagger-1.0.json',
  );

type Schema = Record<string, unknown>;
interface Swagger {
  paths: Record<string, Record<string, { responses?: Record<string, { schema?: Schema }> }>>;
  definitions: Record<string, Schema>;
}

if (!existsSync(SWAGGER_PATH)) {
  throw new Error(`The published swagger is not at ${SWAGGER_PATH}; set QUATRIX_SWAGGER to its path.`);
}
const swagger = JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')) as Swagger;

/** Fields the swagger lists that the newer API page no longer names, so a response may leave them out. */
const OPTIONAL_FIELDS: Record<string, string[]> = {
  'GET /files-return/metadata/{id}': ['sender_key'],
};

/**
 * Newer shapes from the API page, where it and the swagger disagree or the swagger is silent.
 * Each is checked just as strictly as the swagger's own schemas.
 */
const NEWER: Record<string, Schema> = {
  'GET /widget/metadata/{id} 200': obj({
    id: str('uuid'),
    captcha_passed: { type: 'boolean' },
    files_remaining: { type: 'number' },
  }),
  'POST /widget/unblock-captcha/{id} 200': obj({
    valid: { type: 'boolean' },
    files_remaining: { type: 'number' },
  }),
  'POST /widget/makedir/{id} 200': obj({
    id: str('uuid'),
    parent_id: str('uuid'),
    name: str(),
    modified: { type: 'number' },
  }),
  'POST /widget/makedir/{id} 201': obj({
    id: str('uuid'),
    parent_id: str('uuid'),
    name: str(),
    modified: { type: 'number' },
  }),
  'POST /widget/upload-link/{id} 200': obj({ upload_key: str('uuid') }),
  'POST /files-return/send 200': obj({ file_ids: { type: 'array', items: str('uuid') } }),
  'POST /files-return/makedir/{id} 200': obj({
    id: str('uuid'),
    parent_id: str('uuid'),
    modified: { type: 'number' },
  }),
  'POST /upload/chunked/{key} 200': { type: 'object' },
  'POST /share/login-pin 200': { type: 'object' },
  'GET /session/keepalive 200': { type: 'object' },
  'GET /session/logout 200': { type: 'object' },
};

function str(format?: string): Schema {
  return format ? { type: 'string', format } : { type: 'string' };
}
function obj(properties: Record<string, Schema>): Schema {
  return { type: 'object', properties };
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addFormat('integer', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('int', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('timestamp', { type: 'number', validate: (n: number) => n >= 0 });
ajv.addFormat('filename', {
  type: 'string',
  validate: (s: string) => s !== '' && !/[/\\]/.test(s) && !s.includes('\0'),
});
ajv.addFormat('base64', { type: 'string', validate: (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) });
ajv.addFormat('json', { validate: () => true });

/** Resolves `$ref`s and makes every object closed: all listed fields required, no others allowed. */
function strict(schema: Schema, optional: string[] = []): Schema {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    const target = swagger.definitions[name];
    if (!target) throw new Error(`unknown swagger definition ${schema.$ref}`);
    return strict(target, optional);
  }
  const out: Schema = { ...schema };
  delete out.title;
  delete out.description;
  if (schema.type === 'object' && schema.properties) {
    const properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, Schema>).map(([k, v]) => [k, strict(v)]),
    );
    out.properties = properties;
    out.required = Object.keys(properties).filter((k) => !optional.includes(k));
    out.additionalProperties = false;
  }
  if (schema.type === 'array' && schema.items) out.items = strict(schema.items as Schema);
  return out;
}

const ERROR_SCHEMA = strict({ $ref: '#/definitions/ErrorModel' });
// The swagger marks only `code` and `msg` required on errors; `details` is optional.
(ERROR_SCHEMA.required as string[]).splice((ERROR_SCHEMA.required as string[]).indexOf('details'), 1);

const cache = new Map<string, ValidateFunction>();

/**
 * The strict validator for one answer of one endpoint (`method`, swagger path template, status):
 * error statuses use the swagger's ErrorModel; success statuses use the newer page's shape where it has
 * one, else the swagger's. Throws when the swagger and the page describe no such answer.
 */
export function validatorFor(method: string, template: string, status: number): ValidateFunction {
  const id = `${method} ${template} ${status}`;
  let validate = cache.get(id);
  if (validate) return validate;
  let schema: Schema | undefined;
  if (status >= 400) schema = ERROR_SCHEMA;
  else if (NEWER[id]) schema = strict(NEWER[id]);
  else {
    const response = swagger.paths[template]?.[method.toLowerCase()]?.responses?.[String(status)];
    if (!response) throw new Error(`the swagger describes no ${id}`);
    schema = response.schema
      ? strict(response.schema, OPTIONAL_FIELDS[`${method} ${template}`])
      : { type: 'object' };
  }
  validate = ajv.compile(schema);
  cache.set(id, validate);
  return validate;
}

/** Whether the swagger itself describes this endpoint (as opposed to the newer page only). */
export function inSwagger(method: string, template: string): boolean {
  return swagger.paths[template]?.[method.toLowerCase()] !== undefined;
}
