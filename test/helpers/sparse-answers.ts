import type { AnswerTransform } from '../../demo/emulator/index.js';
import { ENDPOINTS, type EndpointSpec, type FieldSpec } from '../contract/description.js';

/** How optional fields are left out: removed, or set to `null` (which the client reads as absent). */
export type SparseMode = 'absent' | 'null';

const patterns: Array<[RegExp, EndpointSpec]> = ENDPOINTS.map((e) => [
  new RegExp(`^${e.base === 'api' ? '/api/1\\.0' : ''}${e.path.replace(/\{[a-z_]+\}/g, '[^/]+')}$`),
  e,
]);

function strip(value: unknown, spec: FieldSpec, mode: SparseMode): unknown {
  if (spec.type === 'array' && spec.items && Array.isArray(value))
    return value.map((item) => strip(item, spec.items!, mode));
  if (spec.type !== 'object' || !spec.fields || typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const described = spec.fields[key];
    if (described?.required) out[key] = strip(field, described, mode);
    else if (mode === 'null') out[key] = null;
  }
  return out;
}

/**
 * An emulator answer transform that leaves only the fields the product requires in every described
 * success answer: what a real site that omits (or nulls) everything else would send.
 */
export function sparseAnswers(mode: SparseMode): AnswerTransform {
  return ({ method, path, status, body }) => {
    if (status >= 300) return body;
    const found = patterns.find(([re, e]) => e.method === method && re.test(path))?.[1];
    const spec = found?.answers.find((a) => a.status === status)?.body;
    return spec ? strip(body, spec, mode) : body;
  };
}
