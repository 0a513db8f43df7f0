import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * A server's configuration checked against its catalog entry's `configSchema` (Docker's `config:`: a list of
 * JSON Schema objects, each `{ name, type: object, properties, required }`, or one single value named by
 * `name`), with Ajv: types, minimum/maximum, lengths, pattern, enum, formats, required, nested objects.
 *
 * Keys as the portal's form and Docker's config.yaml store them: property `p` of the schema named `X` is the
 * key `X.p`; a schema without a name keeps its properties' own names; a named single value is the key `X`.
 */

/** One value that does not match its schema: the key it is stored under, where inside it, and what is wrong. */
export interface ConfigProblem {
  key: string;
  /** The key, then the place inside the value (`filesystem.paths[0]`, `db.options.timeout`). */
  path: string;
  message: string;
}

export interface ConfigCheck {
  /** Keys the schema requires that have no value, in the schema's order. */
  missing: string[];
  invalid: ConfigProblem[];
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const nameOf = (schema: JsonObject): string | null => (typeof schema.name === 'string' && schema.name.trim() ? schema.name.trim() : null);

// `strict: false`: catalog schemas carry Docker's own keywords (`name`) and whatever their authors wrote.
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
addFormats(ajv);

const compiled = new Map<string, ValidateFunction | null>();
const maxCompiled = 500;

/** The schema's validator, compiled once; null when Ajv cannot compile it (the entry's schema is then not enforced). */
function validatorOf(schema: JsonObject): ValidateFunction | null {
  const cacheKey = JSON.stringify(schema);
  if (compiled.has(cacheKey)) return compiled.get(cacheKey) ?? null;
  let validate: ValidateFunction | null;
  try {
    const { name: _name, ...jsonSchema } = schema;
    validate = ajv.compile(jsonSchema);
  } catch {
    validate = null;
  }
  if (compiled.size >= maxCompiled) compiled.clear();
  compiled.set(cacheKey, validate);
  return validate;
}

/** JSON pointer segments (`/paths/0`) as a readable suffix (`.paths[0]`). */
function pathSuffix(segments: readonly string[]): string {
  return segments.map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`)).join('');
}

const pointerSegments = (pointer: string): string[] =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
    return `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return error.message ?? `does not match the schema (${error.keyword})`;
}

/** A schema object of properties: its document is assembled from the keys, its errors named by key. */
function checkObjectSchema(schema: JsonObject, properties: JsonObject, values: Readonly<Record<string, unknown>>, check: ConfigCheck): void {
  const prefix = nameOf(schema);
  const keyOf = (property: string) => (prefix ? `${prefix}.${property}` : property);
  const document: JsonObject = {};
  for (const property of Object.keys(properties)) {
    const key = keyOf(property);
    if (Object.hasOwn(values, key)) document[property] = values[key];
  }
  const validate = validatorOf(schema);
  if (!validate || validate(document)) return;
  for (const error of validate.errors ?? []) {
    const [property, ...inside] = pointerSegments(error.instancePath);
    if (property === undefined) {
      const missing = error.keyword === 'required' ? error.params.missingProperty : undefined;
      if (typeof missing === 'string') check.missing.push(keyOf(missing));
      // Other problems of the whole object (additionalProperties cannot occur: only declared keys are read).
      continue;
    }
    const key = keyOf(property);
    check.invalid.push({ key, path: `${key}${pathSuffix(inside)}`, message: messageOf(error) });
  }
}

/** A named schema that is one value (`type: string`…), stored under its name; never required. */
function checkValueSchema(name: string, schema: JsonObject, values: Readonly<Record<string, unknown>>, check: ConfigCheck): void {
  if (!Object.hasOwn(values, name)) return;
  const validate = validatorOf(schema);
  if (!validate || validate(values[name])) return;
  for (const error of validate.errors ?? []) {
    check.invalid.push({ key: name, path: `${name}${pathSuffix(pointerSegments(error.instancePath))}`, message: messageOf(error) });
  }
}

/** Checks stored (or about to be stored) values against the entry's schema; keys the schema does not describe pass. */
export function checkConfig(configSchema: unknown, values: Readonly<Record<string, unknown>>): ConfigCheck {
  const check: ConfigCheck = { missing: [], invalid: [] };
  const schemas = Array.isArray(configSchema) ? configSchema : configSchema == null ? [] : [configSchema];
  for (const schema of schemas) {
    if (!isObject(schema)) continue;
    const name = nameOf(schema);
    if (isObject(schema.properties)) checkObjectSchema(schema, schema.properties, values, check);
    else if (name && schema.type !== undefined && schema.type !== 'object') checkValueSchema(name, schema, values, check);
  }
  check.missing = [...new Set(check.missing)];
  return check;
}

/** One line naming every problem, for the error's message (the details carry them one by one). */
export function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((problem) => `${problem.path} ${problem.message}`).join('; ');
}
