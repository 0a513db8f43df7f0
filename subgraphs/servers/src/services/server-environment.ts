import { serverEnvNameProblem } from '@mcp-portal/schema/catalog-format';

/**
 * The environment an MCP server is started with, held to the one rule for its variable names (the shared
 * catalog format's env-names.ts), whatever the entry's source and whatever runs it.
 */

export class ServerEnvironmentError extends Error {}

/** One variable and where it came from, for the error that names it. */
export interface EnvironmentSource {
  name: string;
  value: string;
  /** e.g. `env`, `run.env`, `secret "github.token"`. */
  from: string;
}

/**
 * The variables a server is started with, from every source of its entry, in order (later wins). Each name
 * passes serverEnvNameProblem and no value holds a NUL byte; the error names the variable, never its value.
 */
export function serverEnvironment(sources: readonly EnvironmentSource[]): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const { name, value, from } of sources) {
    const problem = serverEnvNameProblem(name);
    if (problem) throw new ServerEnvironmentError(`${from}: ${problem}.`);
    if (value.includes('\0')) throw new ServerEnvironmentError(`${from}: the value of ${name} contains a NUL byte, which no environment variable can hold.`);
    environment[name] = value;
  }
  return environment;
}
