import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLError } from './client.ts';
import { PortalError } from './errors.ts';
import type { TypedDocumentString } from './operations.ts';
import { graphqlEndpoint } from './settings.ts';

/** `ws://host/graphql` for `http://host`, `wss://` for `https://`. */
export function subscriptionEndpoint(baseUrl: string): string {
  return graphqlEndpoint(baseUrl).replace(/^http/, 'ws');
}

export interface LiveSubscription {
  /** Resolves once the router accepted the connection and the subscription was sent. */
  ready: Promise<void>;
  /** Resolves when the router ends the subscription or `stop()` is called; rejects with a one-line PortalError. */
  done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Subscribes over graphql-ws (`connectionParams: { authorization: 'Bearer <token>' }`) and calls `onData`
 * with each payload's `data`. No reconnection: a dropped connection ends `done` with an error, so that
 * `--follow` never silently skips events.
 */
export function subscribeLive<T, V extends Record<string, unknown>>(
  options: { url: string; token: string; keepAliveMs?: number },
  document: TypedDocumentString<T, V>,
  variables: V,
  onData: (data: T) => void,
): LiveSubscription {
  const query = document.toString();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let stopped = false;
  const client: Client = createClient({
    url: subscriptionEndpoint(options.url),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${options.token}` },
    lazy: true,
    retryAttempts: 0,
    keepAlive: options.keepAliveMs ?? 30_000,
    on: { connected: () => markReady() },
  });
  let unsubscribe: () => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors?.length) reject(fromGraphQLErrors(value.errors));
          else if (value.data) onData(value.data);
        },
        error: (error) => (stopped ? resolve() : reject(subscriptionError(options.url, error))),
        complete: () => resolve(),
      },
    );
  });
  // `ready` must not hang when the connection fails before it is acknowledged.
  done.then(markReady, markReady);
  return {
    ready,
    done,
    async stop() {
      stopped = true;
      unsubscribe();
      await client.dispose();
    },
  };
}

function fromGraphQLErrors(errors: readonly GraphQLError[]): PortalError {
  const code = errors.find((error) => error.extensions?.code)?.extensions?.code;
  return new PortalError([...new Set(errors.map((error) => error.message))].join('; ') || 'The subscription failed.', { code });
}

/** graphql-ws reports failures as GraphQL errors, a CloseEvent or a socket error: each becomes one line. */
export function subscriptionError(url: string, error: unknown): PortalError {
  if (Array.isArray(error)) return fromGraphQLErrors(error as GraphQLError[]);
  const close = error as { code?: unknown; reason?: unknown } | null | undefined;
  if (close && typeof close.code === 'number') {
    const reason = typeof close.reason === 'string' && close.reason ? close.reason : 'no reason given';
    if (close.code === 4403 || close.code === 4401) {
      return new PortalError(`The router at ${url} refused the token for the live subscription (${reason}).`, { code: 'UNAUTHENTICATED' });
    }
    return new PortalError(`The live subscription to ${url} closed (${close.code}: ${reason}).`);
  }
  const socketError = (error as { error?: unknown } | undefined)?.error ?? error;
  const detail = (socketError as { code?: string } | undefined)?.code ?? (socketError as Error | undefined)?.message ?? String(socketError);
  return new PortalError(`The router at ${url} is not reachable for the live subscription (${detail}): is the MCP Portal running?`, { cause: error });
}

/** Resolves at the first Ctrl-C or SIGTERM, so a `--follow` command can end with exit code 0. */
export function untilInterrupted(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
