import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CompleteRequestSchema, ErrorCode, type CompleteRequest } from '@modelcontextprotocol/sdk/types.js';
import type { CatalogIndex } from './catalog-index.ts';
import type { SessionServerDeps } from './session-server.ts';
import { callerOf } from './caller.ts';
import { rpcErrorOf, RpcError } from './rpc-error.ts';
import type { NameRoute } from './tool-names.ts';
import type { UpstreamDirectory } from './upstreams.ts';

export function completionsSupported(upstreams: UpstreamDirectory): boolean {
  return Boolean(upstreams.complete);
}

/**
 * completion/complete: a prompt reference is routed like prompts/get (its listed name, the server's own name
 * sent upstream); a resource reference goes to the one running server that lists that template (or URI). Both in
 * the caller's own view of the catalog (`catalogFor`: a per-user OAuth server's prompts and templates are theirs),
 * and the request is made for them (such a server is asked with their token).
 */
export function addCompletionHandler(server: Server, catalogFor: (userId: string) => CatalogIndex, deps: SessionServerDeps): void {
  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { userId } = callerOf(extra.authInfo).viewer;
    const route = await routeOf(request.params.ref, catalogFor(userId));
    if (!deps.upstreams.complete) throw new RpcError(ErrorCode.MethodNotFound, 'Completions are not offered here.');
    const ref = request.params.ref.type === 'ref/prompt' ? { ...request.params.ref, name: route.name } : request.params.ref;
    try {
      return await deps.upstreams.complete(route.serverId, { ...request.params, ref }, { signal: extra.signal, userId });
    } catch (error) {
      throw rpcErrorOf(error, { serverId: route.serverId, server: route.server, tool: route.name }, deps.logger, 'completion');
    }
  });
}

async function routeOf(ref: CompleteRequest['params']['ref'], catalog: CatalogIndex): Promise<NameRoute> {
  if (ref.type === 'ref/prompt') {
    const route = await catalog.resolvePrompt(ref.name);
    if (!route) throw new RpcError(ErrorCode.InvalidParams, `Unknown prompt: ${ref.name}. No running server offers it; list the prompts again.`);
    return route;
  }
  const find = (servers: Awaited<ReturnType<CatalogIndex['snapshot']>>['servers']) =>
    servers.filter(
      (server) => server.templates.some((template) => template.uriTemplate === ref.uri) || server.resources.some((resource) => resource.uri === ref.uri),
    );
  let owners = find((await catalog.snapshot()).servers);
  if (owners.length === 0) owners = find((await catalog.refresh()).servers);
  const [owner, ...others] = owners;
  if (!owner)
    throw new RpcError(ErrorCode.InvalidParams, `Unknown resource template: ${ref.uri}. No running server lists it; list the resource templates again.`);
  if (others.length > 0) {
    throw new RpcError(
      ErrorCode.InvalidParams,
      `Ambiguous resource template: ${ref.uri}. Several running servers list it (${owners.map((server) => server.name).join(', ')}).`,
    );
  }
  return { serverId: owner.id, server: owner.name, name: ref.uri };
}
