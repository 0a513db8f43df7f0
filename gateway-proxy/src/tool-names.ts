import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamServer } from './upstreams.ts';

/** Between a server's name and its tool's name in a prefixed tool name. */
export const toolNameSeparator = '__';
/** Names the server a listed tool belongs to, in the tool's `_meta`. */
export const serverMetaKey = 'io.mcp-portal/server';

export function prefixedToolName(server: string, tool: string): string {
  return `${server}${toolNameSeparator}${tool}`;
}

/** Where a listed tool name leads. */
export interface ToolRoute {
  serverId: string;
  server: string;
  /** The tool's own name on its server. */
  tool: string;
}

/** Tools left out because even their prefixed names are equal (see `aggregateTools`). */
export interface ToolNameClash {
  name: string;
  tools: { server: string; tool: string }[];
}

export interface AggregatedTools {
  /** What tools/list answers: by server name, then in each server's own order. */
  tools: Tool[];
  /** Listed name → server and tool. */
  routes: Map<string, ToolRoute>;
  clashes: ToolNameClash[];
}

/**
 * The naming rule. A tool keeps its own name when no other running server offers a tool of the same name;
 * when two or more do, each of them is listed as `<server>__<tool>` (none keeps the bare name, so which
 * server started first never matters), and so is a tool whose own name equals one of those prefixed names.
 * Server names are unique, so prefixed names only clash when names themselves contain `__` (a server `a`
 * with a tool `b__c` and a server `a__b` with a tool `c`): such tools are left out and reported in
 * `clashes` (the proxy logs them) rather than one hiding the other. Nothing else about a tool changes:
 * title, description, schemas, annotations, icons and `_meta` are kept, and `_meta` also names the server
 * (`io.mcp-portal/server`).
 */
export function aggregateTools(servers: readonly UpstreamServer[]): AggregatedTools {
  const { items, routes, clashes } = aggregateByName(servers.map((server) => ({ id: server.id, name: server.name, items: server.tools })));
  return {
    tools: items,
    routes: mapRoutes(routes, (route) => ({ serverId: route.serverId, server: route.server, tool: route.name })),
    clashes: clashes.map(toToolClash),
  };
}

/** One server's named items (tools, prompts) for `aggregateByName`. */
export interface NamedItems<T extends { name: string; _meta?: Record<string, unknown> }> {
  id: string;
  name: string;
  items: readonly T[];
}

/** Where a listed name leads: a server and the item's own name there. */
export interface NameRoute {
  serverId: string;
  server: string;
  name: string;
}

export interface NameClash {
  name: string;
  items: { server: string; name: string }[];
}

/** The naming rule of `aggregateTools`, for any named items (prompts use it too). */
export function aggregateByName<T extends { name: string; _meta?: Record<string, unknown> }>(
  servers: readonly NamedItems<T>[],
): { items: T[]; routes: Map<string, NameRoute>; clashes: NameClash[] } {
  const ordered = [...servers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries = ordered.flatMap((server) => server.items.map((item) => ({ server, item, prefixed: false })));
  const nameOf = (entry: (typeof entries)[number]) => (entry.prefixed ? prefixedToolName(entry.server.name, entry.item.name) : entry.item.name);
  // Each round prefixes the bare names that clash; prefixing only ever removes bare names, so it ends.
  for (let changed = true; changed;) {
    changed = false;
    const counts = new Map<string, number>();
    for (const entry of entries) counts.set(nameOf(entry), (counts.get(nameOf(entry)) ?? 0) + 1);
    for (const entry of entries) {
      if (!entry.prefixed && (counts.get(nameOf(entry)) ?? 0) > 1) {
        entry.prefixed = true;
        changed = true;
      }
    }
  }
  const byName = new Map<string, (typeof entries)[number][]>();
  for (const entry of entries) byName.set(nameOf(entry), [...(byName.get(nameOf(entry)) ?? []), entry]);
  const clashes: NameClash[] = [...byName]
    .filter(([, group]) => group.length > 1)
    .map(([name, group]) => ({ name, items: group.map((entry) => ({ server: entry.server.name, name: entry.item.name })) }));
  const items: T[] = [];
  const routes = new Map<string, NameRoute>();
  for (const entry of entries) {
    const name = nameOf(entry);
    if ((byName.get(name)?.length ?? 0) > 1) continue;
    items.push({ ...entry.item, name, _meta: { ...entry.item._meta, [serverMetaKey]: entry.server.name } });
    routes.set(name, { serverId: entry.server.id, server: entry.server.name, name: entry.item.name });
  }
  return { items, routes, clashes };
}

/** `<server>__<name>` for an item listed under its bare name; ambiguous (several servers match): undefined. */
export function routeOfPrefixed(servers: readonly NamedItems<{ name: string }>[], name: string): NameRoute | undefined {
  const matches: NameRoute[] = [];
  for (const server of servers) {
    const prefix = `${server.name}${toolNameSeparator}`;
    if (!name.startsWith(prefix)) continue;
    const own = name.slice(prefix.length);
    if (server.items.some((candidate) => candidate.name === own)) matches.push({ serverId: server.id, server: server.name, name: own });
  }
  return matches.length === 1 ? matches[0] : undefined;
}

function mapRoutes<A, B>(routes: Map<string, A>, f: (route: A) => B): Map<string, B> {
  return new Map([...routes].map(([name, route]) => [name, f(route)]));
}

function toToolClash(clash: NameClash): ToolNameClash {
  return { name: clash.name, tools: clash.items.map((item) => ({ server: item.server, tool: item.name })) };
}

/**
 * `tools/call` also accepts `<server>__<tool>` for a tool listed under its bare name, so a client may
 * always use prefixed names and keep them when another server with the same tool starts. Ambiguous
 * (several servers match): undefined.
 */
export function routeOfPrefixedName(servers: readonly UpstreamServer[], name: string): ToolRoute | undefined {
  const route = routeOfPrefixed(
    servers.map((server) => ({ id: server.id, name: server.name, items: server.tools })),
    name,
  );
  return route && { serverId: route.serverId, server: route.server, tool: route.name };
}
