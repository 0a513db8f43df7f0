/**
 * An error meant for the user: commands print its message as one line (`Error: <message>`) and exit 1,
 * never with a stack trace.
 */
export class PortalError extends Error {
  /** The GraphQL `extensions.code` of the first error, when the router answered with errors. */
  readonly code: string | undefined;
  /** The whole `extensions` of that error (e.g. `invalidConfig`), for commands that show its data. */
  readonly extensions: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options: { code?: string; cause?: unknown; extensions?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PortalError';
    this.code = options.code;
    this.extensions = options.extensions;
  }
}

export const LOGIN_HINT = 'run `docker mcp login`';
