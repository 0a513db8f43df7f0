import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '@mcp-portal/kit';
import type { CatalogIndex } from '../catalog-index.ts';
import type { ResourceSubscriptions } from '../resource-subscriptions.ts';
import type { ToolIndex } from '../tool-index.ts';
import { metaKey } from './protocol.ts';
import type { StatelessResponder } from './responder.ts';

/** What a subscriptions/listen request opts in to (the revision's SubscriptionFilter). */
export interface ListenFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

interface Listener {
  responder: StatelessResponder;
  id: RequestId;
  stop: () => void;
}

const keepAliveMs = 25_000;

/**
 * The open `subscriptions/listen` streams of the stateless revision (it replaced the GET stream and
 * resources/subscribe): each is acknowledged first with what the proxy honours, then carries only the
 * notifications it asked for, each tagged with its subscription id (the listen request's id). When the
 * proxy stops, each stream gets its closing result.
 */
export class ListenStreams {
  private readonly streams = new Set<Listener>();

  constructor(private readonly deps: { index: ToolIndex; catalog?: CatalogIndex; subscriptions?: ResourceSubscriptions; logger: Logger }) {}

  get size(): number {
    return this.streams.size;
  }

  async open(responder: StatelessResponder, id: RequestId, requested: ListenFilter): Promise<void> {
    const { index, catalog, subscriptions } = this.deps;
    const tagged = (params: Record<string, unknown> = {}) => ({ ...params, _meta: { [metaKey.subscriptionId]: id } });
    const send = (method: string, params?: Record<string, unknown>) => responder.notify({ jsonrpc: '2.0', method, params: tagged(params) });
    const honoured: ListenFilter = {};
    const stops: (() => void)[] = [];
    const session = Symbol('listen');
    if (requested.toolsListChanged) {
      honoured.toolsListChanged = true;
      stops.push(index.onListChanged(() => send('notifications/tools/list_changed')));
    }
    if (requested.promptsListChanged && catalog?.supported) {
      honoured.promptsListChanged = true;
      stops.push(catalog.onPromptsChanged(() => send('notifications/prompts/list_changed')));
    }
    if (requested.resourcesListChanged && catalog?.supported) {
      honoured.resourcesListChanged = true;
      stops.push(catalog.onResourcesChanged(() => send('notifications/resources/list_changed')));
    }
    const uris = Array.isArray(requested.resourceSubscriptions) ? requested.resourceSubscriptions.filter((uri): uri is string => typeof uri === 'string') : [];
    if (uris.length > 0 && catalog?.supported && subscriptions?.supported) {
      const subscribed: string[] = [];
      for (const uri of uris) {
        const route = await catalog.resolveResource(uri);
        if (!route || 'shared' in route) continue;
        try {
          await subscriptions.subscribe(session, route.serverId, uri, (updated) => send('notifications/resources/updated', { uri: updated }));
          subscribed.push(uri);
        } catch (error) {
          this.deps.logger.debug({ err: error, uri }, 'could not subscribe to a resource for a listen stream');
        }
      }
      if (subscribed.length > 0) honoured.resourceSubscriptions = subscribed;
      stops.push(() => subscriptions.releaseSession(session));
    }
    responder.startStream();
    send('notifications/subscriptions/acknowledged', { notifications: honoured });
    const keepAlive = setInterval(() => responder.keepAlive(), keepAliveMs);
    keepAlive.unref();
    const listener: Listener = {
      responder,
      id,
      stop: () => {
        clearInterval(keepAlive);
        for (const stop of stops) stop();
        this.streams.delete(listener);
      },
    };
    this.streams.add(listener);
    responder.onClientGone(() => listener.stop());
  }

  /** Ends every stream with its closing result. */
  close(): void {
    for (const listener of [...this.streams]) {
      listener.stop();
      listener.responder.result(listener.id, { _meta: { [metaKey.subscriptionId]: listener.id } });
    }
  }
}
