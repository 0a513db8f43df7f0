import { z } from 'zod';

export class ConfigError extends Error {}

/** The variables a process was started with: its entry point passes `process.env`, a test its own. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads settings once at start, from the environment the entry point hands over (nothing below an entry
 * point reads process.env); a bad value stops the process with a message naming the variable.
 */
export function readSettings<Shape extends z.ZodRawShape>(shape: Shape, env: Environment): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return result.data;
}

/** An empty environment variable counts as unset. */
export const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

export const optionalUrl = z.preprocess(emptyAsUndefined, z.string().url().optional());
export const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Settings every service process shares (see the README's configuration table). */
export const sharedSettings = {
  DATABASE_URL: optionalUrl,
  REDIS_URL: optionalUrl,
  MCP_DATA_DIR: z.string().default('./.mcp-data'),
  MCP_CHANNEL_PREFIX: z.string().default('mcp-portal:'),
  HOST: z.string().default('127.0.0.1'),
  MCP_MASTER_KEY: optionalString,
};
