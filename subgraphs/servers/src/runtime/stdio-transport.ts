import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { StdioStreams } from './runtime.ts';

/**
 * The MCP SDK's Transport over an attached instance's stdio (newline-delimited JSON-RPC), so the SDK's
 * `Client` can talk to a server of any runtime. Closing it detaches; the instance keeps running.
 */
export class AttachedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly readBuffer = new ReadBuffer();
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
    this.readBuffer.clear();
    this.onclose?.();
  }

  private readonly receive = (chunk: Buffer): void => {
    try {
      this.readBuffer.append(chunk);
    } catch (error) {
      // A message larger than the SDK's limit: the stream cannot be resynchronised.
      this.onerror?.(error as Error);
      void this.close();
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.readBuffer.readMessage();
      } catch (error) {
        // A line that is not JSON-RPC (a banner printed to stdout): report it and read on.
        this.onerror?.(error as Error);
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  };

  private readonly fail = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly closeQuietly = (): void => {
    void this.close();
  };
}
