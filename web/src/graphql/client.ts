import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { from, mergeMap, of, throwError } from 'rxjs';
import { isUnauthenticated } from './errors.ts';
import type { SessionStore } from './session.ts';

/** `idle`: closed on purpose, because no page needs live data (the connection is lazy). */
export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'idle';

/** A tiny observable value for the WebSocket state, read with useSyncExternalStore. */
export class LiveConnection {
  /** No socket until a page subscribes to something. */
  #state: LiveState = 'idle';
  #listeners = new Set<() => void>();

  get state(): LiveState {
    return this.#state;
  }

  set(state: LiveState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
}

export interface PortalClient {
  apollo: ApolloClient;
  ws: Client;
  live: LiveConnection;
  /**
   * After the session ended or changed hands: empties the Apollo store (refetching what is still shown
   * when `refetchActive`) and closes the WebSocket, so nothing of the previous user stays.
   */
  reset(options: { refetchActive: boolean }): Promise<void>;
}

const bearer = (token: string | null) => (token ? `Bearer ${token}` : undefined);

export function graphqlWsUrl(location: Location = window.location): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/graphql`;
}

/** graphql-ws's default back-off: 1 s, 2 s, 4 s … plus 0.3–3 s of jitter. */
async function backOff(retries: number): Promise<void> {
  const delayMs = 2 ** retries * 1000 + Math.floor(Math.random() * 2700 + 300);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
}

/** How long an operation refused as UNAUTHENTICATED waits before it may trigger another refresh. */
const retryAfterRefreshWindowMs = 60_000;

/**
 * Queries and mutations go over HTTP to `/graphql`, subscriptions over graphql-ws on the same path.
 * The token is read on every request and at every (re)connection. When the session gets a new token
 * the WebSocket is restarted at once, so its subscriptions resume under the new token (a connection
 * keeps the token it was opened with, and the router ends its subscriptions when that one expires).
 * An operation refused as UNAUTHENTICATED is retried once after a refresh.
 */
export function createPortalClient(session: SessionStore): PortalClient {
  const live = new LiveConnection();
  let socketActive = false;
  let restartRequested = false;

  const ws = createClient({
    url: graphqlWsUrl(),
    lazy: true,
    connectionParams: async () => {
      const authorization = bearer(await session.freshToken());
      return authorization ? { authorization } : {};
    },
    retryAttempts: Number.POSITIVE_INFINITY,
    // A restart for a new token reconnects at once; anything else backs off.
    retryWait: async (retries) => {
      if (restartRequested) {
        restartRequested = false;
        return;
      }
      await backOff(retries);
    },
    // Moving between pages drops one subscription and starts another: keep the socket meanwhile.
    lazyCloseTimeout: 3_000,
  });
  let everConnected = false;
  ws.on('connecting', () => {
    socketActive = true;
    restartRequested = false; // consumed by retryWait already, or the socket had no subscription to resume
    if (live.state === 'idle') live.set('connecting');
  });
  ws.on('connected', () => {
    everConnected = true;
    restartRequested = false;
    live.set('connected');
  });
  // A lazy close, once no subscription is left, is a Normal Closure (1000); anything else is a drop.
  ws.on('closed', (event) => {
    socketActive = false;
    const normal = (event as { code?: number } | null)?.code === 1000;
    live.set(normal ? 'idle' : everConnected ? 'reconnecting' : 'connecting');
  });

  /** graphql-ws reconnects a terminated socket and resubscribes every active subscription on it. */
  const restartSocket = () => {
    if (!socketActive) return; // the next connection reads the new token anyway
    restartRequested = true;
    ws.terminate();
  };
  session.onTokenChange(restartSocket);

  const refreshOnUnauthenticated = new ErrorLink(({ error, result, operation, forward }) => {
    if (!isUnauthenticated(error)) return;
    const context = operation.getContext() as { refreshedForRetryAt?: number; usedToken?: string | null };
    if (context.refreshedForRetryAt !== undefined && Date.now() - context.refreshedForRetryAt < retryAfterRefreshWindowMs) return;
    operation.setContext({ refreshedForRetryAt: Date.now() });
    return from(session.refresh({ unless: context.usedToken })).pipe(
      mergeMap((refreshed) => {
        if (refreshed) return forward(operation);
        return result ? of(result) : throwError(() => error);
      }),
    );
  });

  const auth = new SetContextLink(async (prevContext) => {
    const token = await session.freshToken();
    const authorization = bearer(token);
    return { usedToken: token, ...(authorization ? { headers: { ...prevContext.headers, authorization } } : {}) };
  });
  const http = auth.concat(new HttpLink({ uri: '/graphql' }));

  const link = refreshOnUnauthenticated.concat(
    ApolloLink.split((operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, new GraphQLWsLink(ws), http),
  );

  // No devtools hook, in development either: it keeps every mutation's variables for the page's lifetime,
  // and `setServerSecret`'s variables hold a secret value.
  const apollo = new ApolloClient({ link, cache: new InMemoryCache(), devtools: { enabled: false } });

  return {
    apollo,
    ws,
    live,
    async reset({ refetchActive }) {
      // Another user in the same page: the socket was restarted with their token already.
      if (refetchActive) return void (await apollo.resetStore().catch(() => undefined));
      await apollo.clearStore();
      if (socketActive) ws.terminate();
      everConnected = false;
      live.set('idle');
    },
  };
}
