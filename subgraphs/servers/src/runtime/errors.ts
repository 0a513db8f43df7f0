import { AppError, InvalidInputError, NotFoundError } from '@mcp-portal/kit';

/** How many stderr lines an exit error carries: enough to see the cause, short enough for a message. */
export const EXIT_ERROR_STDERR_LINES = 20;

/** The image is neither present on the engine nor pullable (unknown name, no registry, no access). */
export class ImageNotFoundError extends AppError {
  readonly code = 'IMAGE_NOT_FOUND';
  constructor(
    readonly image: string,
    readonly engineMessage: string,
  ) {
    super(`The image "${image}" is not on the container engine and could not be pulled: ${engineMessage}`);
  }
}

/** No container engine answers at the configured address (DOCKER_HOST or the default socket). */
export class EngineUnavailableError extends AppError {
  readonly code = 'ENGINE_UNAVAILABLE';
  constructor(
    readonly address: string,
    reason: string,
  ) {
    super(`No container engine answers at ${address}: ${reason}`);
  }
}

/** The server could not be launched at all (command missing, not executable, engine refused the container). */
export class InstanceStartError extends AppError {
  readonly code = 'INSTANCE_START_FAILED';
  constructor(
    readonly serverName: string,
    reason: string,
  ) {
    super(`The MCP server "${serverName}" could not be started: ${reason}`);
  }
}

/** The server stopped before it could serve MCP; its last stderr lines usually say why. */
export class InstanceExitedError extends AppError {
  readonly code = 'INSTANCE_EXITED';
  constructor(
    readonly serverName: string,
    readonly exitCode: number | undefined,
    readonly stderrTail: readonly string[],
  ) {
    const status = exitCode === undefined ? 'exited' : `exited with code ${exitCode}`;
    const tail = stderrTail.length > 0 ? `; its last stderr lines:\n${stderrTail.join('\n')}` : ' without writing to stderr';
    super(`The MCP server "${serverName}" ${status} before it answered${tail}`);
  }
}

/** The server runs but did not complete the MCP handshake in time. */
export class McpHandshakeTimeoutError extends AppError {
  readonly code = 'MCP_HANDSHAKE_TIMEOUT';
  constructor(
    readonly serverName: string,
    readonly timeoutMs: number,
  ) {
    super(`The MCP server "${serverName}" did not answer initialize within ${timeoutMs} ms.`);
  }
}

export class InstanceNotFoundError extends NotFoundError {
  constructor(readonly instanceId: string) {
    super(`There is no server instance ${instanceId} in this runtime.`);
  }
}

/** The spec asks for something this runtime cannot do (an image for the process runtime, a command only for Docker). */
export class UnsupportedSpecError extends InvalidInputError {}
