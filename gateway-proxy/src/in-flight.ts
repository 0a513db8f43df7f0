import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { RpcError } from './rpc-error.ts';
import type { UpstreamLogMessage, UpstreamServerRequest, UpstreamServerRequestResult } from './upstreams.ts';

/** What a server sends to a client, apart from answers: log messages and requests. */
export interface SessionChannel {
  log(params: UpstreamLogMessage['params']): void;
  /** Sends the request to the session's client; `signal` cancels it. Throws an RpcError for the server. */
  request(request: UpstreamServerRequest, signal: AbortSignal): Promise<UpstreamServerRequestResult>;
}

interface InFlight {
  count: number;
  channel: SessionChannel;
  /**
   * Aborted when the session has no request under way on the server any more; made only when a server's
   * request is forwarded to the session (most calls have none, and an abort reason is an Error with a stack).
   */
  ended?: AbortController;
}

/**
 * The requests under way on each server, by client session: what a server sends on its one session with
 * the platform while a client's request runs on it (log messages; sampling, elicitation and roots
 * requests) goes to that client. With no session, or several (which one caused it cannot be told), it
 * goes to none: a log message is dropped, a request is answered with an error saying why. A roots/list
 * no client's request caused (a server asking at start-up) is answered with no roots.
 */
export class InFlightRequests {
  private readonly byServer = new Map<string, Map<symbol, InFlight>>();

  /** Registers one request of a session on a server until the returned function is called. */
  begin(serverId: string, session: symbol, channel: SessionChannel): () => void {
    const sessions = this.byServer.get(serverId) ?? new Map<symbol, InFlight>();
    this.byServer.set(serverId, sessions);
    const entry = sessions.get(session) ?? { count: 0, channel };
    entry.count += 1;
    entry.channel = channel;
    sessions.set(session, entry);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      entry.count -= 1;
      if (entry.count > 0) return;
      entry.ended?.abort(new RpcError(ErrorCode.RequestTimeout, "The client's request that caused this one has ended."));
      sessions.delete(session);
      if (sessions.size === 0) this.byServer.delete(serverId);
    };
  }

  /** Forwards a server's log message to the one session with requests under way on it; false when there is not one. */
  deliverLog(message: UpstreamLogMessage): boolean {
    const only = this.onlySession(message.serverId);
    only?.channel.log(message.params);
    return only !== undefined;
  }

  /**
   * Sends a server's request to the client of the one session with requests under way on it, cancelled
   * when the server cancels it or that session's requests on the server have all ended.
   */
  async forward(request: UpstreamServerRequest): Promise<UpstreamServerRequestResult> {
    const sessions = this.byServer.get(request.serverId);
    const count = sessions?.size ?? 0;
    if (count === 0 && request.method === 'roots/list') return { roots: [] };
    if (count === 0) {
      throw new RpcError(
        ErrorCode.InvalidRequest,
        `No client of the gateway-proxy has a request under way on this server, so no client can answer ${request.method}; send it while handling a client's request.`,
      );
    }
    if (count > 1) {
      throw new RpcError(
        ErrorCode.InvalidRequest,
        `${count} clients of the gateway-proxy have requests under way on this server, and which one caused this ${request.method} cannot be told: it is sent to none.`,
      );
    }
    const only = this.onlySession(request.serverId)!;
    return only.channel.request(request, AbortSignal.any([request.signal, (only.ended ??= new AbortController()).signal]));
  }

  /** The servers on which a session has requests under way and is the only one (where a roots/list would go to it). */
  serversAnsweredBy(session: symbol): string[] {
    return [...this.byServer].filter(([, sessions]) => sessions.size === 1 && sessions.has(session)).map(([serverId]) => serverId);
  }

  private onlySession(serverId: string): InFlight | undefined {
    const sessions = this.byServer.get(serverId);
    if (sessions?.size !== 1) return undefined;
    return sessions.values().next().value;
  }
}
