import { toolsQuery, type ListedTool } from './operations.ts';
import { PortalError } from './errors.ts';
import { formatTable } from './format.ts';
import type { CliToolCountsQuery } from './operations.ts';
import type { Request, ServerRef } from './servers.ts';

/** One tool of a server by name, or a one-line error that says what to do. */
export async function findTool(request: Request, server: ServerRef, name: string): Promise<ListedTool> {
  const { tools } = await request(toolsQuery, { serverId: server.id });
  const tool = tools.find((candidate) => candidate.name === name);
  if (tool) return tool;
  if (tools.length === 0) {
    throw new PortalError(`${server.name} has announced no tools yet (it is ${server.status}): start it with \`docker mcp server start ${server.name}\`.`, {
      code: 'NOT_FOUND',
    });
  }
  throw new PortalError(`${server.name} has no tool named "${name}": see \`docker mcp tools ls --server ${server.name}\`.`, { code: 'NOT_FOUND' });
}

/** One server's line of `tools count`. */
export interface ServerToolCount {
  id: string;
  name: string;
  status: ServerRef['status'];
  tools: number;
}

/** What `tools count --json` prints: the total, and each server's count by name. */
export interface ToolCounts {
  total: number;
  servers: ServerToolCount[];
}

export function toolCounts(servers: CliToolCountsQuery['servers']): ToolCounts {
  const counted = servers
    .map((server) => ({ id: server.id, name: server.name, status: server.status, tools: server.tools.length }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { total: counted.reduce((sum, server) => sum + server.tools, 0), servers: counted };
}

/** `tools count`: SERVER  STATUS  TOOLS, then a TOTAL line (left out for a single server). */
export function toolCountsTable(counts: ToolCounts, options: { total?: boolean } = {}): string {
  const rows = counts.servers.map((server) => [server.name, server.status, String(server.tools)]);
  if (options.total ?? true) rows.push(['TOTAL', '', String(counts.total)]);
  return formatTable(['SERVER', 'STATUS', 'TOOLS'], rows);
}
