import { z } from 'zod';
import { catalogNamePattern } from '@mcp-portal/schema/catalog-format';
import { configKeyPattern, maxConfigKeyLength, maxConfigValueBytes, maxSecretNameLength, secretNamePattern } from '@mcp-portal/schema/contract';
import { textProblem, utf8Bytes, type TextKind } from './text.ts';

/**
 * The typed fields command arguments are made of. Every string field refuses control characters, NUL and the
 * like (see textProblem) and a leading "-" (no value may pass for an option), then its pattern and length.
 */

/**
 * A string whose first check is textProblem's and the leading "-" one, as one issue that ends the checking:
 * a refused character is named before any pattern is tried.
 */
function checkedText(kind: TextKind): z.ZodString {
  return z.string().check(
    z.superRefine((value: string, ctx) => {
      const problem = textProblem(value, kind) ?? (value.startsWith('-') ? 'must not start with "-"' : undefined);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value, abort: true });
    }),
  );
}

/** An ASCII name: `pattern`, 1 to `max` characters. */
function name(pattern: RegExp, max: number, rule: string, description: string): z.ZodString {
  return checkedText('name').min(1, 'must not be empty').max(max, `must be at most ${max} characters`).regex(pattern, rule).describe(description);
}

/** Catalog names: `catalogNamePattern`, at most 63 characters (a server's name is part of container names). */
export const maxCatalogNameLength = 63;
export const catalogName = (description: string) =>
  name(catalogNamePattern, maxCatalogNameLength, 'must be lower-case letters, digits, ".", "_" and "-", starting with a letter or digit', description);

/** A server by catalog name or id (a UUID), as the CLI resolves it. */
export const serverRefPattern = /^(?:[a-z0-9][a-z0-9._-]*|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/;
export const serverRef = (description = 'Name or id of an enabled server.') =>
  name(serverRefPattern, maxCatalogNameLength, 'must be a server name (lower-case letters, digits, ".", "_", "-") or id (a UUID)', description);

/** MCP tool names: letters, digits, "_", "-" and ".", at most 128 (the MCP specification's rule). */
export const toolNamePattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
export const maxToolNameLength = 128;
export const toolName = (description = 'Name of one of its tools.') =>
  name(toolNamePattern, maxToolNameLength, 'must be letters, digits, "_", "-" and "."', description);

export const configKey = (description = 'A configuration key.') =>
  name(configKeyPattern, maxConfigKeyLength, 'must be letters, digits, ".", "_" and "-"', description);

export const secretName = (description = 'Name of the secret.') =>
  name(secretNamePattern, maxSecretNameLength, 'must be letters, digits, ".", "_" and "-"', description);

/** Search text: letters and digits of any script, spaces and `. _ : / @ + -`; no quotes, no shell punctuation. */
export const searchPattern = /^[\p{L}\p{N}][\p{L}\p{N} ._:/@+-]*$/u;

/** One line of search text, at most `max` characters. */
export const searchText = (max: number, description: string) =>
  checkedText('line')
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(searchPattern, 'must be letters, digits, spaces and ". _ : / @ + -", starting with a letter or digit')
    .describe(description);

/** The longest catalog URL taken. */
export const maxUrlLength = 2048;

/**
 * An https URL without credentials, ASCII only (a host in another script is given in punycode): never a local
 * path or another scheme, so nothing on the executor's host can be read through it.
 */
export const httpsUrl = (description: string) =>
  checkedText('name')
    .min(1, 'must not be empty')
    .max(maxUrlLength, `must be at most ${maxUrlLength} characters`)
    .describe(description)
    .regex(/^https:\/\/[^\s]+$/i, 'must be an https:// URL')
    .check(
      z.superRefine((value: string, ctx) => {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not a valid URL', input: value });
          return;
        }
        if (url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must be an https:// URL', input: value });
        else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password', input: value });
        else if (!url.hostname) ctx.addIssue({ code: 'custom', message: 'must name a host', input: value });
      }),
    );

/** Integers from `min` to `max`. */
export const integer = (min: number, max: number, description: string) =>
  z.number().int('must be an integer').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).describe(description);

export const flag = (defaultValue: boolean, description: string) => z.boolean().default(defaultValue).describe(description);

export const jsonFlag = () => flag(false, 'Print the result as JSON.');

/** The deepest nesting a JSON value may have. */
export const maxJsonDepth = 32;

/**
 * The problem of a JSON value, or undefined: its strings (keys too) pass textProblem's JSON rules, numbers are
 * finite (integers exact), no `__proto__` key, at most maxJsonDepth deep. Walks the value as given; `shapeOnly`
 * looks only at its structure (plain objects, arrays and scalars; depth; `__proto__`).
 */
export function jsonProblem(value: unknown, options: { shapeOnly?: boolean } = {}, depth = 0): string | undefined {
  if (depth > maxJsonDepth) return `is nested more than ${maxJsonDepth} levels deep`;
  if (options.shapeOnly && (typeof value === 'string' || typeof value === 'number')) return undefined;
  if (typeof value === 'string') {
    const problem = textProblem(value, 'json');
    return problem && `has a string that ${problem}`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'has a number JSON cannot represent';
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return 'has an integer too large to keep exactly (give it as a string)';
    return undefined;
  }
  if (typeof value === 'boolean' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item, options, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') return 'has a "__proto__" key';
      const keyProblem = options.shapeOnly ? undefined : textProblem(key, 'json');
      if (keyProblem) return `has a key that ${keyProblem}`;
      const problem = jsonProblem(item, options, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return 'is not a JSON value';
}

/** A JSON value (jsonProblem finds nothing) of at most `maxBytes` once serialised. */
function boundedJson<T extends z.ZodType>(schema: T, maxBytes: number): T {
  return schema.check(
    z.superRefine((value: unknown, ctx) => {
      const problem = jsonProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
      else if (utf8Bytes(JSON.stringify(value)) > maxBytes)
        ctx.addIssue({ code: 'custom', message: `must be at most ${maxBytes} bytes as JSON`, input: value });
    }),
  );
}

/** The largest `tools call` arguments object, as JSON. */
export const maxToolArgumentsBytes = 64 * 1024;

/** A tool call's arguments: one JSON object. */
export const toolArguments = (description: string) => boundedJson(z.record(z.string(), z.json()), maxToolArgumentsBytes).describe(description);

/** A configuration value: any JSON value but null, at most maxConfigValueBytes as JSON. */
export const configValue = () =>
  boundedJson(
    z.json().refine((value) => value !== null, 'must not be null (remove the key instead)'),
    maxConfigValueBytes,
  );

/** The most keys one command sets. */
export const maxConfigPairs = 32;

/** Configuration values by key. */
export const configValues = (min: number, description: string) =>
  z
    .record(configKey(), configValue())
    .refine((values) => Object.keys(values).length >= min, `must hold at least ${min} key`)
    .refine((values) => Object.keys(values).length <= maxConfigPairs, `must hold at most ${maxConfigPairs} keys`)
    .describe(description);
