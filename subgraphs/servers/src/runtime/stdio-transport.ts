import { serializeMessage, STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { JsonLineReader } from './json-lines.ts';
import type { StdioStreams } from './runtime.ts';

/**
 * The MCP SDK's Transport over an attached instance's stdio (newline-delimited JSON-RPC), so the SDK's
 * `Client` can talk to a server of any runtime. Closing it detaches; the instance keeps running. A line is
 * handed on when it is a JSON object of JSON-RPC 2.0; the SDK's `Client` validates each message's kind and
 * each result against its schema, so the message is not validated a second time here.
 */
export class AttachedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly reader = new JsonLineReader(STDIO_DEFAULT_MAX_BUFFER_SIZE);
  private started = false;
  private closed = false;

  constructor(private readonly streams: StdioStreams) {}

  async start(): Promise<void> {
    if (this.started) throw new Error('AttachedStdioTransport already started');
    this.started = true;
    const { stdin, stdout } = this.streams;
    stdout.on('data', this.receive);
    stdout.on('error', this.fail);
    stdout.once('end', this.closeQuietly);
    stdout.once('close', this.closeQuietly);
    stdin.on('error', this.fail);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The MCP server is no longer attached.'));
    return new Promise((resolve, reject) => {
      this.streams.stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { stdin, stdout } = this.streams;
    stdout.off('data', this.receive);
    stdout.off('end', this.closeQuietly);
    stdout.off('close', this.closeQuietly);
    this.streams.close();
    // Late errors of the detached streams have nobody left to tell.
    stdout.off('error', this.fail);
    stdin.off('error', this.fail);
    stdout.on('error', () => {});
    stdin.on('error', () => {});
    this.reader.clear();
    this.onclose?.();
  }

  private readonly receive = (chunk: Buffer): void => {
    let lines: string[];
    try {
      this.reader.append(chunk);
      lines = this.reader.lines();
    } catch (error) {
      // A message larger than the limit: the stream cannot be resynchronised.
      this.onerror?.(error as Error);
      void this.close();
      return;
    }
    for (const line of lines) {
      if (line.trim() === '') continue;
      const message = jsonRpcMessageIn(line);
      // A line that is not JSON-RPC (a banner printed to stdout): report it and read on.
      if (message instanceof Error) this.onerror?.(message);
      else this.onmessage?.(message);
    }
  };

  private readonly fail = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly closeQuietly = (): void => {
    void this.close();
  };
}

function jsonRpcMessageIn(line: string): JSONRPCMessage | Error {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return new Error(`The server wrote a line that is not JSON: ${line.slice(0, 200)}`);
  }
  const isJsonRpc = typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { jsonrpc?: unknown }).jsonrpc === '2.0';
  return isJsonRpc ? (value as JSONRPCMessage) : new Error(`The server wrote a line that is not a JSON-RPC 2.0 message: ${line.slice(0, 200)}`);
}
