import { PortalError } from './errors.ts';

/** What `tools call` needs of a tool: its name and the JSON Schema of its arguments. */
export interface CallableTool {
  name: string;
  /** A JSON Schema object (the API's JSON scalar). */
  inputSchema: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The JSON types a property schema allows: its `type` (a name or a list), else the types of its
 * `anyOf`/`oneOf` branches. Empty when the schema does not say.
 */
export function schemaTypes(schema: unknown): Set<string> {
  const types = new Set<string>();
  if (!isObject(schema)) return types;
  const type = schema.type;
  if (typeof type === 'string') types.add(type);
  else if (Array.isArray(type)) for (const name of type) if (typeof name === 'string') types.add(name);
  if (types.size === 0) {
    for (const branches of [schema.anyOf, schema.oneOf]) {
      if (Array.isArray(branches)) for (const branch of branches) for (const name of schemaTypes(branch)) types.add(name);
    }
  }
  return types;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'null':
      return value === null;
    case 'string':
      return typeof value === 'string';
    default:
      return false;
  }
}

const typeList = (types: string[]) => (types.length === 1 ? `a${/^[aeiou]/.test(types[0] ?? '') ? 'n' : ''} ${types[0]}` : `one of ${types.join(', ')}`);

/**
 * A `key=value` value as the tool's schema wants it: strings as they are; numbers, integers, booleans,
 * arrays, objects and null parsed as JSON and checked. A property whose type the schema does not say is
 * passed as a string.
 */
export function coerceArgument(key: string, raw: string, propertySchema: unknown): unknown {
  const types = schemaTypes(propertySchema);
  const other = [...types].filter((type) => type !== 'string');
  if (other.length === 0) return raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    if (types.has('string')) return raw;
    throw new PortalError(`The argument ${key} must be ${typeList(other)} in JSON, not ${JSON.stringify(raw)}.`, { code: 'BAD_USER_INPUT' });
  }
  if (other.some((type) => hasType(parsed, type))) return parsed;
  if (types.has('string')) return raw;
  throw new PortalError(`The argument ${key} must be ${typeList(other)}, not ${JSON.stringify(raw)}.`, { code: 'BAD_USER_INPUT' });
}

/**
 * The `arguments` of a tool call: `--arguments` (a JSON object) first, then each `key=value` on top of it,
 * coerced by the input schema. Keys the schema does not list (unless it allows additional properties) and
 * missing required ones are refused here, before anything is sent.
 */
export function buildToolArguments(tool: CallableTool, pairs: readonly string[], argumentsJson?: string): Record<string, unknown> {
  const schema = isObject(tool.inputSchema) ? tool.inputSchema : {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  const result: Record<string, unknown> = {};
  if (argumentsJson !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(argumentsJson);
    } catch (error) {
      throw new PortalError(`--arguments is not valid JSON (${(error as Error).message}).`, { code: 'BAD_USER_INPUT' });
    }
    if (!isObject(parsed)) throw new PortalError('--arguments must be a JSON object, such as \'{"path": "/tmp"}\'.', { code: 'BAD_USER_INPUT' });
    Object.assign(result, parsed);
  }
  const given = new Set<string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new PortalError(`Arguments are key=value pairs: "${pair}" is not one.`, { code: 'BAD_USER_INPUT' });
    const key = pair.slice(0, at);
    if (given.has(key)) throw new PortalError(`The argument ${key} is given twice.`, { code: 'BAD_USER_INPUT' });
    given.add(key);
    result[key] = Object.hasOwn(properties, key) ? coerceArgument(key, pair.slice(at + 1), properties[key]) : pair.slice(at + 1);
  }

  const known = Object.keys(properties);
  const additional = schema.additionalProperties;
  const allowsOthers = additional === true || isObject(additional);
  const unknown = Object.keys(result).filter((key) => !Object.hasOwn(properties, key));
  if (unknown.length > 0 && !allowsOthers) {
    const takes = known.length ? `its arguments are ${known.join(', ')}` : 'it takes no arguments';
    throw new PortalError(`The tool ${tool.name} has no argument${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: ${takes}.`, { code: 'BAD_USER_INPUT' });
  }
  const required = Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : [];
  const missing = required.filter((key) => !Object.hasOwn(result, key));
  if (missing.length > 0) {
    throw new PortalError(`The tool ${tool.name} needs the argument${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (key=value or --arguments).`, {
      code: 'BAD_USER_INPUT',
    });
  }
  return result;
}
