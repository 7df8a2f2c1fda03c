import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { answerOf, endpoint, ERROR_BODY, fullSchema } from './description.js';

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv, ['uuid', 'email']);

const cache = new Map<string, ValidateFunction>();

/**
 * The strict validator of one answer of one endpoint (`method`, path template, status), built from the
 * project's description: a success status must be described; an error status is the error body, or
 * either that or the described answer when the description has one at that status (a wrong CAPTCHA
 * token's 401 `{valid: false}`). Throws for an endpoint or success status the description lacks.
 */
export function validatorFor(method: string, template: string, status: number): ValidateFunction {
  const id = `${method} ${template} ${status}`;
  let validate = cache.get(id);
  if (validate) return validate;
  endpoint(method, template);
  const described = answerOf(method, template, status);
  let schema;
  if (status >= 400) {
    schema = described
      ? { anyOf: [fullSchema(described.body), fullSchema(ERROR_BODY)] }
      : fullSchema(ERROR_BODY);
  } else {
    if (!described) throw new Error(`the description has no ${id}`);
    schema = fullSchema(described.body);
  }
  validate = ajv.compile(schema);
  cache.set(id, validate);
  return validate;
}
