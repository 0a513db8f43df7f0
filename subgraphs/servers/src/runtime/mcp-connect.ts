import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError, type ClientCapabilities, type Implementation } from '@modelcontextprotocol/sdk/types.js';
import { EXIT_ERROR_STDERR_LINES, InstanceExitedError, McpHandshakeTimeoutError } from './errors.ts';
import { waitUntil } from './wait-until.ts';
import type { ContainerRuntime, InstanceStatus, RunningInstance } from './runtime.ts';
import { AttachedStdioTransport } from './stdio-transport.ts';

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;
/** After the stdio stream closes, how long the instance may take to be reported as exited with its code (podman under load took over 2 s). */
const EXIT_SETTLE_MS = 5_000;
/** How much longer to wait for the code of an instance the engine already reports as exited. */
const LATE_EXIT_CODE_MS = 20_000;
const PORTAL_CLIENT: Implementation = { name: 'mcp-portal', version: '0.1.0' };

export interface McpConnectOptions {
  /** Limit for the initialize round trip. */
  timeoutMs?: number;
  clientInfo?: Implementation;
  /** What the client declares at the handshake (default: nothing). */
  capabilities?: ClientCapabilities;
  /** Called with the client before the handshake: registers its handlers for the servers' requests. */
  beforeHandshake?: (client: Client) => void;
}

export interface McpConnection {
  client: Client;
  /** Ends the MCP session and detaches; the instance keeps running. */
  close(): Promise<void>;
}

/**
 * Attaches to an instance and runs the MCP handshake with the SDK's `Client`. A server that exits before
 * answering yields InstanceExitedError with its last stderr lines; one that never answers, McpHandshakeTimeoutError.
 * Either way the attachment is released; stopping the instance is left to the caller.
 */
export async function connectMcpClient(
  runtime: ContainerRuntime,
  instance: Pick<RunningInstance, 'id' | 'name'>,
  options: McpConnectOptions = {},
): Promise<McpConnection> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const client = new Client(options.clientInfo ?? PORTAL_CLIENT, options.capabilities ? { capabilities: options.capabilities } : undefined);
  options.beforeHandshake?.(client);
  const transport = new AttachedStdioTransport(await attachOrExplain(runtime, instance, timeoutMs));
  try {
    await client.connect(transport, { timeout: timeoutMs });
  } catch (error) {
    await client.close().catch(() => {});
    throw await explainHandshakeFailure(runtime, instance, error, timeoutMs);
  }
  return { client, close: () => client.close() };
}

/**
 * Attaches to the instance's stdio. An instance that exited before the attach is refused with InstanceExitedError,
 * and an engine may not have recorded its exit code yet (podman on a loaded machine): that one is explained as a
 * failed handshake is, waiting for the code.
 */
async function attachOrExplain(runtime: ContainerRuntime, instance: Pick<RunningInstance, 'id' | 'name'>, timeoutMs: number) {
  try {
    return await runtime.attach(instance.id);
  } catch (error) {
    if (error instanceof InstanceExitedError && error.exitCode === undefined) throw await explainHandshakeFailure(runtime, instance, error, timeoutMs);
    throw error;
  }
}

async function explainHandshakeFailure(
  runtime: ContainerRuntime,
  instance: Pick<RunningInstance, 'id' | 'name'>,
  error: unknown,
  timeoutMs: number,
): Promise<Error> {
  const timedOut = error instanceof McpError && error.code === ErrorCode.RequestTimeout;
  const exited = await exitStatus(runtime, instance.id, timedOut ? 0 : EXIT_SETTLE_MS);
  if (exited) return new InstanceExitedError(instance.name, exited.exitCode, await stderrTail(runtime, instance.id));
  if (timedOut) return new McpHandshakeTimeoutError(instance.name, timeoutMs);
  return error instanceof Error ? error : new Error(String(error));
}

async function exitStatus(runtime: ContainerRuntime, id: string, waitMs: number): Promise<InstanceStatus | undefined> {
  let status: InstanceStatus | undefined;
  const exitRecorded = async () => {
    status = await runtime.inspect(id);
    return status.state === 'exited' && status.exitCode !== undefined;
  };
  // An engine may report the exit a moment before it has recorded the exit code: wait for both.
  await waitUntil(exitRecorded, waitMs);
  // podman on a loaded machine once took longer than that to record the code of a container that had exited; also
  // after a handshake timeout (an instance found exited then has its code waited for, as after a closed stream).
  if (status?.state === 'exited' && status.exitCode === undefined) await waitUntil(exitRecorded, LATE_EXIT_CODE_MS);
  return status?.state === 'exited' ? status : undefined;
}

async function stderrTail(runtime: ContainerRuntime, id: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const entry of runtime.logs(id, { tail: EXIT_ERROR_STDERR_LINES })) lines.push(entry.line);
  return lines;
}
