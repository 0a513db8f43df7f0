/**
 * Which servers and tools one gateway-proxy session offers, as `docker mcp gateway run --servers a,b
 * --tools a:x` asks for them: query parameters of the URL the session is opened with (`/mcp?servers=a,b&
 * tools=a:x`, `/sse?…`), read once at initialize. A tool is offered when its server is among `servers`
 * (when given) and `server:tool` is among `tools` (when given); prompts and resources follow `servers`.
 */

export const gatewayFilterParams = { servers: 'servers', tools: 'tools' } as const;

export interface GatewayFilter {
  servers?: string[];
  /** `server:tool` pairs. */
  tools?: string[];
}

export interface ToolReference {
  server: string;
  tool: string;
}

/** `a, b,,c` → `['a', 'b', 'c']`. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `server:tool` (split at the first colon), or undefined when either side is empty. */
export function parseToolReference(reference: string): ToolReference | undefined {
  const colon = reference.indexOf(':');
  if (colon <= 0 || colon === reference.length - 1) return undefined;
  return { server: reference.slice(0, colon), tool: reference.slice(colon + 1) };
}

/** Why a filter cannot be applied, or undefined. */
export function gatewayFilterProblem(filter: GatewayFilter): string | undefined {
  const bad = (filter.tools ?? []).filter((reference) => !parseToolReference(reference));
  if (bad.length > 0) return `tools are named server:tool (got ${bad.map((reference) => JSON.stringify(reference)).join(', ')})`;
  if (filter.servers !== undefined && filter.servers.length === 0) return 'servers names no server';
  if (filter.tools !== undefined && filter.tools.length === 0) return 'tools names no tool';
  return undefined;
}

/** The filter a URL's query asks for (a parameter given twice adds to the list). */
export function gatewayFilterOf(query: URLSearchParams): GatewayFilter {
  const list = (name: string) => (query.has(name) ? query.getAll(name).flatMap(splitList) : undefined);
  const servers = list(gatewayFilterParams.servers);
  const tools = list(gatewayFilterParams.tools);
  return { ...(servers ? { servers } : {}), ...(tools ? { tools } : {}) };
}

/** `url` with the filter's query parameters (replacing any it had). */
export function withGatewayFilter(url: string, filter: GatewayFilter): string {
  const result = new URL(url);
  result.searchParams.delete(gatewayFilterParams.servers);
  result.searchParams.delete(gatewayFilterParams.tools);
  if (filter.servers?.length) result.searchParams.set(gatewayFilterParams.servers, filter.servers.join(','));
  if (filter.tools?.length) result.searchParams.set(gatewayFilterParams.tools, filter.tools.join(','));
  return result.href;
}
