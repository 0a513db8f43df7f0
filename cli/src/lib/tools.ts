import { toolsQuery, type ToolSummary, type ToolsResult } from '@mcp-portal/schema/operations';
import { PortalError } from './errors.ts';
import type { Request, ServerRef } from './servers.ts';

/** One tool of a server by name, or a one-line error that says what to do. */
export async function findTool(request: Request, server: ServerRef, name: string): Promise<ToolSummary> {
  const { tools } = await request<ToolsResult>(toolsQuery, { serverId: server.id });
  const tool = tools.find((candidate) => candidate.name === name);
  if (tool) return tool;
  if (tools.length === 0) {
    throw new PortalError(`${server.name} has announced no tools yet (it is ${server.status}): start it with \`docker mcp server start ${server.name}\`.`, {
      code: 'NOT_FOUND',
    });
  }
  throw new PortalError(`${server.name} has no tool named "${name}": see \`docker mcp tools ls --server ${server.name}\`.`, { code: 'NOT_FOUND' });
}
