import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { readToken } from './session.ts';

/** `idle`: closed on purpose, because no page needs live data (the connection is lazy). */
export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'idle';

/** A tiny observable value for the WebSocket state, read with useSyncExternalStore. */
export class LiveConnection {
  #state: LiveState = 'connecting';
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
  /** Clears the cache and closes the WebSocket; the instance is not used afterwards. */
  dispose(): Promise<void>;
}

const bearer = (token: string | null) => (token ? `Bearer ${token}` : undefined);

export function graphqlWsUrl(location: Location = window.location): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/graphql`;
}

/**
 * Queries and mutations go over HTTP to `/graphql`, subscriptions over graphql-ws on the same path.
 * The token is read on every request and on every (re)connection, so one client serves a whole session.
 */
export function createPortalClient(): PortalClient {
  const live = new LiveConnection();

  const ws = createClient({
    url: graphqlWsUrl(),
    lazy: true,
    connectionParams: () => {
      const authorization = bearer(readToken());
      return authorization ? { authorization } : {};
    },
    retryAttempts: Number.POSITIVE_INFINITY,
    // Moving between pages drops one subscription and starts another: keep the socket meanwhile.
    lazyCloseTimeout: 3_000,
  });
  let everConnected = false;
  ws.on('connecting', () => {
    if (live.state === 'idle') live.set('connecting');
  });
  ws.on('connected', () => {
    everConnected = true;
    live.set('connected');
  });
  // A lazy close, once no subscription is left, is a Normal Closure (1000); anything else is a drop.
  ws.on('closed', (event) => {
    const normal = (event as { code?: number } | null)?.code === 1000;
    live.set(normal ? 'idle' : everConnected ? 'reconnecting' : 'connecting');
  });

  const auth = new SetContextLink((prevContext) => {
    const authorization = bearer(readToken());
    return authorization ? { headers: { ...prevContext.headers, authorization } } : {};
  });
  const http = auth.concat(new HttpLink({ uri: '/graphql' }));

  const link = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(ws),
    http,
  );

  const apollo = new ApolloClient({ link, cache: new InMemoryCache() });

  return {
    apollo,
    ws,
    live,
    async dispose() {
      apollo.stop();
      await apollo.clearStore();
      await ws.dispose();
    },
  };
}
