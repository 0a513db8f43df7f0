import { buildToolArguments as buildShared, coerceArgument as coerceShared, ToolArgumentError, type CallableTool } from '@mcp-portal/schema/tool-arguments';
import { PortalError } from './errors.ts';

export { schemaTypes, type CallableTool } from '@mcp-portal/schema/tool-arguments';

/** The shared checks' refusal as the CLI's user error (BAD_USER_INPUT: one line, exit 1). */
function asPortalError<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ToolArgumentError) throw new PortalError(error.message, { code: 'BAD_USER_INPUT', cause: error });
    throw error;
  }
}

/** A `key=value` value as the tool's schema wants it (see the shared `coerceArgument`). */
export function coerceArgument(key: string, raw: string, propertySchema: unknown): unknown {
  return asPortalError(() => coerceShared(key, raw, propertySchema));
}

/**
 * The `arguments` of a tool call: `--arguments` first, then each `key=value` on top of it, checked against
 * the input schema before anything is sent (the same checks as the portal's tool call form).
 */
export function buildToolArguments(tool: CallableTool, pairs: readonly string[], argumentsJson?: string): Record<string, unknown> {
  return asPortalError(() => buildShared(tool, pairs, argumentsJson));
}
