import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '@mcp-portal/kit';
import type { CatalogIndex } from './catalog-index.ts';
import { callerOf } from './caller.ts';
import { resourceNotFoundCode, rpcErrorOf, RpcError } from './rpc-error.ts';
import type { UpstreamDirectory } from './upstreams.ts';

type Notify = (uri: string) => void;

/**
 * Which client sessions subscribed to which resource, shared by all sessions. A server is subscribed once
 * per URI however many sessions ask (resources/subscribe for the first, resources/unsubscribe after the
 * last), and its notifications/resources/updated reach exactly the sessions subscribed to that URI.
 */
export class ResourceSubscriptions {
  /** `serverId \n uri` → the subscribed sessions. */
  private readonly subscribers = new Map<string, Map<symbol, Notify>>();
  private readonly stop: () => void;

  constructor(
    private readonly directory: UpstreamDirectory,
    readonly logger: Logger,
  ) {
    this.stop = directory.onResourceUpdated?.((update) => this.deliver(update.serverId, update.uri)) ?? (() => undefined);
  }

  /** Whether the directory can subscribe at all. */
  get supported(): boolean {
    return Boolean(this.directory.subscribeResource && this.directory.unsubscribeResource && this.directory.onResourceUpdated);
  }

  async subscribe(session: symbol, serverId: string, uri: string, notify: Notify): Promise<void> {
    const key = keyOf(serverId, uri);
    const sessions = this.subscribers.get(key);
    if (sessions) {
      sessions.set(session, notify);
      return;
    }
    await this.directory.subscribeResource?.(serverId, uri);
    // Another session may have subscribed while the server answered.
    const now = this.subscribers.get(key) ?? new Map<symbol, Notify>();
    now.set(session, notify);
    this.subscribers.set(key, now);
  }

  /** Whether the session was subscribed to the URI (on any server). */
  async unsubscribe(session: symbol, uri: string): Promise<boolean> {
    let found = false;
    for (const [key, sessions] of [...this.subscribers]) {
      if (!key.endsWith(`\n${uri}`) || !sessions.delete(session)) continue;
      found = true;
      if (sessions.size === 0) await this.release(key);
    }
    return found;
  }

  /** Drops every subscription of a session that ended. */
  releaseSession(session: symbol): void {
    for (const [key, sessions] of [...this.subscribers]) {
      if (sessions.delete(session) && sessions.size === 0) {
        this.release(key).catch((error: unknown) => this.logger.debug({ err: error }, 'could not unsubscribe from a resource'));
      }
    }
  }

  close(): void {
    this.stop();
    this.subscribers.clear();
  }

  private deliver(serverId: string, uri: string): void {
    for (const notify of this.subscribers.get(keyOf(serverId, uri))?.values() ?? []) notify(uri);
  }

  private async release(key: string): Promise<void> {
    this.subscribers.delete(key);
    const [serverId, ...rest] = key.split('\n');
    if (serverId) await this.directory.unsubscribeResource?.(serverId, rest.join('\n'));
  }
}

function keyOf(serverId: string, uri: string): string {
  return `${serverId}\n${uri}`;
}

/**
 * resources/subscribe and resources/unsubscribe of one session: the URI is routed as resources/read routes
 * it; the session's subscriptions end with it.
 */
export function addSubscriptionHandlers(server: Server, catalog: CatalogIndex, subscriptions: ResourceSubscriptions, session: symbol): void {
  let releasesOnClose = false;
  server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
    callerOf(extra.authInfo);
    const uri = request.params.uri;
    const route = await catalog.resolveResource(uri);
    if (route && 'shared' in route)
      throw new RpcError(ErrorCode.InvalidParams, `Ambiguous resource: ${uri}. Several running servers offer it (${route.shared.join(', ')}).`);
    if (!route) throw new RpcError(resourceNotFoundCode, `Resource not found: ${uri}. No running server lists it or has a template that matches it.`, { uri });
    if (!releasesOnClose) {
      // The endpoint set its own onclose when it made the session; the subscriptions end with the session too.
      const endpointOnClose = server.onclose;
      server.onclose = () => {
        endpointOnClose?.();
        subscriptions.releaseSession(session);
      };
      releasesOnClose = true;
    }
    const notify = (updated: string) => {
      server.sendResourceUpdated({ uri: updated }).catch(() => undefined);
    };
    try {
      await subscriptions.subscribe(session, route.serverId, uri, notify);
    } catch (error) {
      throw rpcErrorOf(error, { serverId: route.serverId, server: route.server, tool: uri }, subscriptions.logger, 'resource');
    }
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request, extra) => {
    callerOf(extra.authInfo);
    await subscriptions.unsubscribe(session, request.params.uri);
    return {};
  });
}
