import { checkToolArguments, parseArgumentsJson, ToolArgumentError, type CallableTool } from '@mcp-portal/schema/tool-arguments';
import { configGroups, fieldValue, formValueOf, type ConfigField, type ConfigFieldValue } from './config-schema.ts';

/**
 * The tool call form of a server's page: one generated input per property of the tool's input schema (the
 * configuration forms' fields: strings, numbers, integers, booleans, enums as selects, lists of strings, the
 * rest as JSON), or the whole arguments object as JSON. Before anything is sent, the typed values go through
 * the checks `docker mcp tools call` makes (@mcp-portal/schema/tool-arguments: unknown keys, missing required
 * ones, types). Plain functions, no React.
 */

export type ToolFormValues = Record<string, ConfigFieldValue>;

/** The inputs of a tool's form, required ones first; none for a tool without properties. */
export function toolArgumentFields(inputSchema: unknown): ConfigField[] {
  if (typeof inputSchema !== 'object' || inputSchema === null || Array.isArray(inputSchema)) return [];
  // A `name` at the top of a JSON Schema is no group name here: the keys are the properties' own.
  return configGroups({ ...inputSchema, name: undefined }).flatMap((group) => group.fields);
}

export function initialToolValues(fields: readonly ConfigField[]): ToolFormValues {
  return Object.fromEntries(fields.map((field) => [field.key, field.initial]));
}

/** A call's arguments as the form shows them (for running a recent call again). */
export function toolValuesOf(fields: readonly ConfigField[], args: Record<string, unknown>): ToolFormValues {
  return Object.fromEntries(fields.map((field) => [field.key, formValueOf(field, args[field.key])]));
}

/** Whether the form's inputs can show these arguments, or only the JSON editor can (keys no input has). */
export function fitsFields(fields: readonly ConfigField[], args: Record<string, unknown>): boolean {
  const keys = new Set(fields.map((field) => field.key));
  return Object.keys(args).every((key) => keys.has(key));
}

export type CollectedArguments =
  | { ok: true; arguments: Record<string, unknown> }
  /** Problems by argument, and one about the whole (a JSON text that does not parse, say). */
  | { ok: false; errors: Record<string, string>; formError: string | null };

function checked(tool: CallableTool, args: Record<string, unknown>, fieldKeys: ReadonlySet<string>): CollectedArguments {
  try {
    return { ok: true, arguments: checkToolArguments(tool, args) };
  } catch (error) {
    if (!(error instanceof ToolArgumentError)) throw error;
    if (error.argument !== undefined && fieldKeys.has(error.argument)) return { ok: false, errors: { [error.argument]: error.message }, formError: null };
    return { ok: false, errors: {}, formError: error.message };
  }
}

/** The arguments the inputs hold, typed; an empty optional input is left out. */
export function collectToolArguments(tool: CallableTool, fields: readonly ConfigField[], values: ToolFormValues): CollectedArguments {
  const args: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const outcome = fieldValue(field, values[field.key]);
    if (outcome.error) errors[field.key] = outcome.error;
    else if (outcome.value !== undefined) args[field.key] = outcome.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, formError: null };
  return checked(tool, args, new Set(fields.map((field) => field.key)));
}

/** The arguments of the JSON editor: one object, checked the same way. */
export function collectRawArguments(tool: CallableTool, text: string): CollectedArguments {
  let args: Record<string, unknown>;
  try {
    args = parseArgumentsJson(text.trim() === '' ? '{}' : text, 'The arguments');
  } catch (error) {
    if (error instanceof ToolArgumentError) return { ok: false, errors: {}, formError: error.message };
    throw error;
  }
  return checked(tool, args, new Set());
}
