import {
  CompleteResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ListToolsResultSchema,
  McpError,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '@mcp-portal/kit';
import type { UpstreamDirectory, UpstreamHttpEndpoint, UpstreamServer } from '../upstreams.ts';
import { proxyAsClient, type StatelessUpstreams } from './discovery.ts';
import { send2026, WireFailure } from './wire.ts';

interface ListShape<T> {
  method: string;
  parse: (result: Record<string, unknown>) => { items: T[]; nextCursor?: string };
}

const toolsList: ListShape<Tool> = { method: 'tools/list', parse: (result) => pageOf(ListToolsResultSchema.parse(result), 'tools') };
const promptsList: ListShape<Prompt> = { method: 'prompts/list', parse: (result) => pageOf(ListPromptsResultSchema.parse(result), 'prompts') };
const resourcesList: ListShape<Resource> = { method: 'resources/list', parse: (result) => pageOf(ListResourcesResultSchema.parse(result), 'resources') };
const templatesList: ListShape<ResourceTemplate> = {
  method: 'resources/templates/list',
  parse: (result) => pageOf(ListResourceTemplatesResultSchema.parse(result), 'resourceTemplates'),
};

function pageOf<K extends string, T>(result: { nextCursor?: string | undefined } & Record<K, T[]>, key: K): { items: T[]; nextCursor?: string } {
  return { items: result[key], ...(result.nextCursor !== undefined ? { nextCursor: result.nextCursor } : {}) };
}

/** Every page of one list of a 2026-07-28 server. */
async function listAll<T>(endpoint: UpstreamHttpEndpoint, shape: ListShape<T>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const answer = await send2026(endpoint, shape.method, cursor ? { cursor } : {}, proxyAsClient);
    if ('error' in answer) throw new McpError(answer.error.code, answer.error.message, answer.error.data);
    const page = shape.parse(answer.result);
    items.push(...page.items);
    if (page.nextCursor !== undefined && seen.has(page.nextCursor)) break;
    if (page.nextCursor !== undefined) seen.add(page.nextCursor);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return items;
}

/**
 * The running servers as a client of MCP 2026-07-28 sees them: the directory's, except that a server that
 * speaks 2026-07-28 itself has its tools, prompts, resources and templates read with 2026-07-28 requests
 * (a server may offer some to such clients only), and its completions asked for with a 2026-07-28 request
 * (its prompts may be offered at 2026-07-28 only). The proxy's tool and catalog indexes over this view give
 * them the same naming rule and policies as the 2025-11-25 view. A 2026 list that fails falls back on the
 * directory's (logged).
 */
export function statelessDirectoryView(directory: UpstreamDirectory, upstreams: StatelessUpstreams, logger: Logger): UpstreamDirectory {
  const names = new Map<string, string>();
  const through = async <T>(serverId: string, shape: ListShape<T>, fallback: () => Promise<T[]>): Promise<T[]> => {
    const endpoint = await upstreams.endpointOf(serverId, names.get(serverId) ?? serverId);
    if (!endpoint) return fallback();
    try {
      return await listAll(endpoint, shape);
    } catch (error) {
      logger.warn(
        { server: names.get(serverId), err: error instanceof WireFailure || error instanceof McpError ? error.message : error },
        `could not read ${shape.method} of a 2026-07-28 server; its 2025-11-25 list is offered`,
      );
      return fallback();
    }
  };
  const overrides: Partial<UpstreamDirectory> = {
    async list(): Promise<UpstreamServer[]> {
      const servers = await directory.list();
      upstreams.keepOnly(new Set(servers.map((server) => server.id)));
      for (const server of servers) names.set(server.id, server.name);
      return Promise.all(servers.map(async (server) => ({ ...server, tools: await through(server.id, toolsList, async () => [...server.tools]) })));
    },
  };
  const { listPrompts, listResources, listResourceTemplates, complete } = directory;
  if (complete) {
    overrides.complete = async (serverId, params, options) => {
      const endpoint = await upstreams.endpointOf(serverId, names.get(serverId) ?? serverId);
      if (!endpoint) return complete.call(directory, serverId, params, options);
      const answer = await send2026(endpoint, 'completion/complete', params, proxyAsClient, options?.signal ? { signal: options.signal } : {});
      if ('error' in answer) throw new McpError(answer.error.code, answer.error.message, answer.error.data);
      return CompleteResultSchema.parse(answer.result);
    };
  }
  if (listPrompts) overrides.listPrompts = (serverId) => through(serverId, promptsList, () => listPrompts.call(directory, serverId));
  if (listResources) overrides.listResources = (serverId) => through(serverId, resourcesList, () => listResources.call(directory, serverId));
  if (listResourceTemplates)
    overrides.listResourceTemplates = (serverId) => through(serverId, templatesList, () => listResourceTemplates.call(directory, serverId));
  return withOverrides(directory, overrides);
}

/** `directory` with some members replaced; every other member is the directory's own (methods bound to it). */
function withOverrides(directory: UpstreamDirectory, overrides: Partial<UpstreamDirectory>): UpstreamDirectory {
  return new Proxy(directory, {
    get(target, property) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return (overrides as Record<PropertyKey, unknown>)[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
