import type { CatalogIndex } from '../catalog-index.ts';
import type { Caller } from '../caller.ts';
import type { ToolIndex } from '../tool-index.ts';
import type { ToolRoute } from '../tool-names.ts';
import { toolPolicyRefusalOf } from '../tool-policy.ts';
import type { StatelessUpstreams } from './discovery.ts';
import type { ForwardTarget } from './forward.ts';
import { UpstreamRequestStates } from './request-state.ts';

/** Requests whose route decides where they go (the others are answered from the proxy's lists). */
const routedMethods = new Set(['tools/call', 'prompts/get', 'resources/read']);

/**
 * Whether a request of a 2026-07-28 client goes to a server that speaks 2026-07-28 itself: the tool,
 * prompt or resource it names resolves (in the client's view of the indexes, so with the same naming rule
 * and session filter) to such a server, and for a tool the policy allows the caller to call it (a refused
 * call goes the usual way, which refuses and records it). A retry carrying a requestState of
 * UpstreamRequestStates goes to the server it names, or is refused; one carrying another state (the
 * session server's, SuspendedRequests') goes the usual way.
 */
export class StatelessRoutes {
  constructor(
    private readonly upstreams: StatelessUpstreams,
    readonly states: UpstreamRequestStates,
  ) {}

  async routeOf(
    method: string,
    target: string,
    state: string | undefined,
    caller: Caller,
    view: { index: ToolIndex; catalog?: CatalogIndex },
  ): Promise<ForwardTarget | { refused: string } | undefined> {
    if (!routedMethods.has(method)) return undefined;
    const ours = state !== undefined && UpstreamRequestStates.owns(state);
    if (state !== undefined && !ours) return undefined;
    const route = await this.resolve(method, target, caller, view);
    if (!ours) {
      const endpoint = route && (await this.upstreams.endpointOf(route.serverId, route.server));
      return endpoint && route ? { endpoint, route, target } : undefined;
    }
    const opened = this.states.open(state, { userId: caller.viewer.userId, method, target });
    if ('refused' in opened) return opened;
    const endpoint = route?.serverId === opened.serverId ? await this.upstreams.endpointOf(route.serverId, route.server) : undefined;
    if (!route || !endpoint)
      return {
        refused: `Invalid params: requestState names a server that no longer answers ${target} (it stopped or restarted); send the request again without it.`,
      };
    return { endpoint, route, target, ...(opened.serverState !== undefined ? { serverState: opened.serverState } : {}) };
  }

  private async resolve(method: string, target: string, caller: Caller, view: { index: ToolIndex; catalog?: CatalogIndex }): Promise<ToolRoute | undefined> {
    if (method === 'tools/call') {
      const route = await view.index.resolve(target);
      if (!route || toolPolicyRefusalOf(await view.index.snapshot(), target, route, caller.viewer.role)) return undefined;
      return route;
    }
    if (method === 'prompts/get') {
      const route = await view.catalog?.resolvePrompt(target);
      return route ? { serverId: route.serverId, server: route.server, tool: route.name } : undefined;
    }
    const route = await view.catalog?.resolveResource(target);
    return route && !('shared' in route) ? { serverId: route.serverId, server: route.server, tool: target } : undefined;
  }
}
