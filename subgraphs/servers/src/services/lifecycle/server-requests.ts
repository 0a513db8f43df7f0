import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  type ClientCapabilities,
  type CreateMessageRequest,
  type CreateMessageResult,
  type CreateMessageResultWithTools,
  type ElicitRequest,
  type ElicitResult,
  type ListRootsRequest,
  type ListRootsResult,
} from '@modelcontextprotocol/sdk/types.js';

/**
 * What the lifecycle's MCP sessions offer their servers: the requests a client connected through the
 * gateway-proxy answers (sampling, with tools; elicitation, form and url; roots).
 */
export const forwardedClientCapabilities: ClientCapabilities = {
  sampling: { tools: {} },
  elicitation: { form: {}, url: {} },
  roots: { listChanged: true },
};

/** A request a running server sent to its client (the platform), to be answered by an MCP client of the gateway-proxy. */
export type ServerRequest = { serverId: string; signal: AbortSignal } & (
  | { method: 'sampling/createMessage'; params: CreateMessageRequest['params'] }
  | { method: 'elicitation/create'; params: ElicitRequest['params'] }
  | { method: 'roots/list'; params?: ListRootsRequest['params'] }
);

export type ServerRequestResult = CreateMessageResult | CreateMessageResultWithTools | ElicitResult | ListRootsResult;

/** Answers a server's request, or throws an error with a JSON-RPC `code` and a message for the server. */
export type ServerRequestListener = (request: ServerRequest) => Promise<ServerRequestResult>;

/** A JSON-RPC error for the server, as the SDK writes it (an McpError would prefix its message). */
class ServerRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a listener throws when none of its clients has a request under way on the server (so none caused
 * this one): the relay asks the next listener.
 */
export class ServerRequestDeclined extends Error {
  constructor() {
    super('No caller of this listener has a request under way on the server.');
  }
}

/**
 * Hands the requests of every server's MCP session to its listeners: the gateway-proxy in this process,
 * and the internal upstream endpoint (for gateway-proxies elsewhere). The latest listener is asked first;
 * one that declines (ServerRequestDeclined) passes the request on. Without a listener that takes it, a
 * server's request is answered with an error saying no client can answer it.
 */
export class ServerRequestRelay {
  private listeners: ServerRequestListener[] = [];

  /** Adds a listener; returns the function that removes it. */
  listen(listener: ServerRequestListener): () => void {
    this.listeners = [listener, ...this.listeners];
    return () => {
      this.listeners = this.listeners.filter((candidate) => candidate !== listener);
    };
  }

  /** Registers the request handlers on a server's client; the client must declare forwardedClientCapabilities. */
  attach(client: Client, serverId: string): void {
    client.setRequestHandler(CreateMessageRequestSchema, (request, extra) =>
      this.pass({ serverId, signal: extra.signal, method: 'sampling/createMessage', params: request.params }),
    );
    client.setRequestHandler(ElicitRequestSchema, (request, extra) =>
      this.pass({ serverId, signal: extra.signal, method: 'elicitation/create', params: request.params }),
    );
    client.setRequestHandler(ListRootsRequestSchema, (request, extra) =>
      this.pass({ serverId, signal: extra.signal, method: 'roots/list', params: request.params }),
    );
  }

  private async pass(request: ServerRequest): Promise<ServerRequestResult> {
    for (const listener of this.listeners) {
      try {
        return await listener(request);
      } catch (error) {
        if (!(error instanceof ServerRequestDeclined)) throw error;
      }
    }
    throw new ServerRequestError(ErrorCode.MethodNotFound, `No MCP client is connected through the MCP Portal's gateway-proxy to answer ${request.method}.`);
  }
}
