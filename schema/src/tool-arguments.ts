/**
 * The checks a tool call's `arguments` get before they are sent, shared by `docker mcp tools call` (whose
 * `key=value` pairs are read here) and the portal's tool call form: every key is one the input schema
 * lists (unless it allows additional properties), every required one is there, and each value has a type
 * its property's schema allows. Plain functions without dependencies; a problem is a ToolArgumentError
 * whose message says what to change. The server checks the arguments again: this only saves a round trip.
 */

/** What a call needs of a tool: its name and the JSON Schema of its arguments. */
export interface CallableTool {
  name: string;
  /** A JSON Schema object (the API's JSON scalar). */
  inputSchema: unknown;
}

/** Arguments a tool would refuse. `argument` names the one at fault when there is one. */
export class ToolArgumentError extends Error {
  readonly argument: string | undefined;

  constructor(message: string, argument?: string) {
    super(message);
    this.name = 'ToolArgumentError';
    this.argument = argument;
  }
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

/** Whether a JSON value is of a JSON Schema type. */
export function hasType(value: unknown, type: string): boolean {
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

const typeList = (types: readonly string[]) =>
  types.length === 1 ? `a${/^[aeiou]/.test(types[0] ?? '') ? 'n' : ''} ${types[0]}` : `one of ${types.join(', ')}`;

/** The input schema's object parts: its properties, required keys and whether it takes others. */
export function argumentsSchemaOf(tool: CallableTool): { properties: Record<string, unknown>; required: string[]; allowsOthers: boolean } {
  const schema = isObject(tool.inputSchema) ? tool.inputSchema : {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : [];
  const additional = schema.additionalProperties;
  return { properties, required, allowsOthers: additional === true || isObject(additional) };
}

/** Why a value does not fit its property's schema (by type only), or null when it does or the schema names no type. */
export function argumentTypeProblem(key: string, value: unknown, propertySchema: unknown): string | null {
  const types = [...schemaTypes(propertySchema)];
  if (types.length === 0 || types.some((type) => hasType(value, type))) return null;
  return `The argument ${key} must be ${typeList(types)}, not ${JSON.stringify(value)}.`;
}

/**
 * A typed text value as the tool's schema wants it: strings as they are; numbers, integers, booleans,
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
    throw new ToolArgumentError(`The argument ${key} must be ${typeList(other)} in JSON, not ${JSON.stringify(raw)}.`, key);
  }
  if (other.some((type) => hasType(parsed, type))) return parsed;
  if (types.has('string')) return raw;
  throw new ToolArgumentError(`The argument ${key} must be ${typeList(other)}, not ${JSON.stringify(raw)}.`, key);
}

/**
 * Checks a whole arguments object against the tool's input schema: unknown keys (unless the schema allows
 * additional properties), missing required keys, then each value's type. `howToGive` is added to the
 * message about missing arguments (the CLI names its `key=value or --arguments`). Answers the arguments.
 */
export function checkToolArguments(tool: CallableTool, args: Record<string, unknown>, options: { howToGive?: string } = {}): Record<string, unknown> {
  const { properties, required, allowsOthers } = argumentsSchemaOf(tool);
  const known = Object.keys(properties);
  const unknown = Object.keys(args).filter((key) => !Object.hasOwn(properties, key));
  if (unknown.length > 0 && !allowsOthers) {
    const takes = known.length ? `its arguments are ${known.join(', ')}` : 'it takes no arguments';
    throw new ToolArgumentError(`The tool ${tool.name} has no argument${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: ${takes}.`, unknown[0]);
  }
  const missing = required.filter((key) => !Object.hasOwn(args, key));
  if (missing.length > 0) {
    const how = options.howToGive ? ` (${options.howToGive})` : '';
    throw new ToolArgumentError(`The tool ${tool.name} needs the argument${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${how}.`, missing[0]);
  }
  for (const [key, value] of Object.entries(args)) {
    const problem = Object.hasOwn(properties, key) ? argumentTypeProblem(key, value, properties[key]) : null;
    if (problem) throw new ToolArgumentError(problem, key);
  }
  return args;
}

/** A JSON text that must be an arguments object; `what` names it in the messages (`--arguments`, `The arguments`). */
export function parseArgumentsJson(text: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ToolArgumentError(`${what} is not valid JSON (${error instanceof Error ? error.message : 'it does not parse'}).`);
  }
  if (!isObject(parsed)) throw new ToolArgumentError(`${what} must be a JSON object, such as '{"path": "/tmp"}'.`);
  return parsed;
}

/**
 * The `arguments` of a CLI tool call: `--arguments` (a JSON object) first, then each `key=value` on top of
 * it, coerced by the input schema; then checkToolArguments, before anything is sent.
 */
export function buildToolArguments(tool: CallableTool, pairs: readonly string[], argumentsJson?: string): Record<string, unknown> {
  const { properties } = argumentsSchemaOf(tool);
  const result: Record<string, unknown> = argumentsJson === undefined ? {} : { ...parseArgumentsJson(argumentsJson, '--arguments') };
  const given = new Set<string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new ToolArgumentError(`Arguments are key=value pairs: "${pair}" is not one.`);
    const key = pair.slice(0, at);
    if (given.has(key)) throw new ToolArgumentError(`The argument ${key} is given twice.`, key);
    given.add(key);
    result[key] = Object.hasOwn(properties, key) ? coerceArgument(key, pair.slice(at + 1), properties[key]) : pair.slice(at + 1);
  }
  return checkToolArguments(tool, result, { howToGive: 'key=value or --arguments' });
}
