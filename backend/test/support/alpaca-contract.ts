import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

/** OpenAPI 3.0 `nullable: true` → JSON Schema `type: [T, 'null']`, recursively. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'x-examples' || key.startsWith('x-'))
      continue;
    out[key] = toJsonSchema(value);
  }
  const source = node as Json;
  if (source.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.$ref || out.allOf || out.oneOf || out.anyOf)
      return { anyOf: [out, { type: 'null' }] };
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  }
  if (typeof out.$ref === 'string')
    out.$ref = (out.$ref as string).replace('#/components/schemas/', 'alpaca#/components/schemas/');
  return out;
}

const spec = JSON.parse(
  readFileSync(join(__dirname, '../../openapi/alpaca-trading-api.json'), 'utf8'),
) as Json;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({
  $id: 'alpaca',
  components: { schemas: toJsonSchema((spec.components as Json).schemas) },
});

const cache = new Map<string, ValidateFunction>();

/** The validator of a path's JSON response schema, straight from Alpaca's official spec. */
export function responseValidator(path: string, method: string, status = '200'): ValidateFunction {
  const key = `${method} ${path} ${status}`;
  let validate = cache.get(key);
  if (!validate) {
    const operation = ((spec.paths as Json)[path] as Json)[method] as Json;
    const response = (operation.responses as Json)[status] as Json;
    const schema = ((response.content as Json)['application/json'] as Json).schema;
    validate = ajv.compile(toJsonSchema(schema) as Json);
    cache.set(key, validate);
  }
  return validate;
}

/** The validator of a path's JSON request body schema, straight from Alpaca's official spec. */
export function requestValidator(path: string, method: string): ValidateFunction {
  const key = `${method} ${path} request`;
  let validate = cache.get(key);
  if (!validate) {
    const operation = ((spec.paths as Json)[path] as Json)[method] as Json;
    const content = (operation.requestBody as Json).content as Json;
    validate = ajv.compile(toJsonSchema((content['application/json'] as Json).schema) as Json);
    cache.set(key, validate);
  }
  return validate;
}

/** Throws with ajv's errors when `body` does not match the spec. */
export function expectMatchesSpec(
  path: string,
  method: string,
  body: unknown,
  status = '200',
): void {
  const validate = responseValidator(path, method, status);
  if (!validate(body))
    throw new Error(
      `${method.toUpperCase()} ${path} response does not match the spec: ${ajv.errorsText(validate.errors)}`,
    );
}
