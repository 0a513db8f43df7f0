import type { Logger } from '@mcp-portal/kit';
import { aggregateTools, routeOfPrefixedName, type AggregatedTools, type ToolRoute } from './tool-names.ts';
import { ToolPolicies } from './tool-policy.ts';
import type { UpstreamDirectory, UpstreamServer } from './upstreams.ts';

const maxRetired = 10_000;

export interface ToolSnapshot extends AggregatedTools {
  /** Every running server with all its tools (disabled ones too: the policy names them when they are called). */
  servers: UpstreamServer[];
  policies: ToolPolicies;
}

/**
 * The aggregated tool list of every running server, read from the upstream directory when it reports a
 * change (and on every tools/list), and the routes of its names. Listeners hear when what tools/list
 * answers has changed, so connected clients get `notifications/tools/list_changed` exactly then.
 */
export class ToolIndex {
  private current: { snapshot: ToolSnapshot; fingerprint: string; clashes: string } | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private readonly stopWatching: () => void;
  /** Names listed before that lead nowhere now, to say why a call to one fails. */
  private readonly retired = new Map<string, ToolRoute>();

  constructor(
    private readonly directory: UpstreamDirectory,
    private readonly logger: Logger,
  ) {
    this.stopWatching = directory.onChange(() => {
      this.refresh().catch((error: unknown) => logger.warn({ err: error }, 'could not read the running servers after a change'));
    });
  }

  /** Reads the directory again (one read at a time); returns the new snapshot. */
  refresh(): Promise<ToolSnapshot> {
    const next = this.chain.then(() => this.load());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The last snapshot, or a first read. */
  async snapshot(): Promise<ToolSnapshot> {
    return this.current?.snapshot ?? this.refresh();
  }

  /** The route of a listed name, or of `<server>__<tool>`; one fresh read before giving up on a name. */
  async resolve(name: string): Promise<ToolRoute | undefined> {
    const find = (snapshot: ToolSnapshot) => snapshot.routes.get(name) ?? routeOfPrefixedName(snapshot.servers, name);
    return find(await this.snapshot()) ?? find(await this.refresh());
  }

  /** Where a name that is no longer listed used to lead (a server that stopped, or a name now prefixed). */
  formerRoute(name: string): ToolRoute | undefined {
    return this.retired.get(name);
  }

  onListChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopWatching();
    this.listeners.clear();
  }

  private async load(): Promise<ToolSnapshot> {
    const servers = await this.directory.list();
    const policies = ToolPolicies.of(servers);
    const snapshot: ToolSnapshot = { servers, policies, ...aggregateTools(policies.withoutDisabled(servers)) };
    const fingerprint = JSON.stringify([snapshot.tools, policies.fingerprint()]);
    const clashes = JSON.stringify(snapshot.clashes);
    const previous = this.current;
    this.current = { snapshot, fingerprint, clashes };
    for (const [name, route] of previous?.snapshot.routes ?? []) if (!snapshot.routes.has(name)) this.retired.set(name, route);
    for (const name of snapshot.routes.keys()) this.retired.delete(name);
    while (this.retired.size > maxRetired) this.retired.delete(this.retired.keys().next().value as string);
    if (snapshot.clashes.length > 0 && clashes !== previous?.clashes) {
      this.logger.warn({ clashes: snapshot.clashes }, 'tools left out of the gateway-proxy: even their <server>__<tool> names are equal');
    }
    if (previous && previous.fingerprint !== fingerprint) {
      this.logger.debug({ tools: snapshot.tools.length, servers: servers.length }, 'the aggregated tool list changed');
      for (const listener of this.listeners) listener();
    }
    return snapshot;
  }
}
