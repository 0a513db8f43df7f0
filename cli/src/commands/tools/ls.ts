import { Flags } from '@oclif/core';
import { toolsQuery } from '../../lib/operations.ts';
import { outputWidth } from '../../lib/format.ts';
import { ServerCommand } from '../../lib/server-command.ts';
import { resolveServer, toolsTable } from '../../lib/servers.ts';

export default class ToolsLs extends ServerCommand {
  static override summary = 'List the tools of the enabled MCP servers.';
  static override description =
    'Lists the tools each server announced (tools/list), by server and name, with the first line of their description, cut with "…" ' +
    'to the terminal width (100 characters when stdout is not a terminal; --no-trunc keeps it whole). ' +
    'The whole description is in --json and `tools inspect`. A server has none until it first ran.';
  static override hiddenAliases = ['tools:list'];
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --server memory --json'];

  static override flags = {
    server: Flags.string({ summary: 'Only the tools of this server (name or id).', helpValue: '<name>' }),
    'no-trunc': Flags.boolean({ summary: 'Do not cut descriptions to the terminal width.', default: false }),
    json: Flags.boolean({ summary: 'Print a JSON array of tools, with their whole descriptions, schemas and annotations.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ToolsLs);
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const server = flags.server === undefined ? undefined : await resolveServer(request, flags.server);
    const { tools } = await request(toolsQuery, server ? { serverId: server.id } : {});
    const sorted = [...tools].sort((a, b) => a.server.name.localeCompare(b.server.name) || a.name.localeCompare(b.name));
    if (flags.json) this.printJson(sorted);
    else this.log(toolsTable(sorted, flags['no-trunc'] ? undefined : outputWidth()));
    if (server && tools.length === 0 && server.status !== 'RUNNING' && !flags.json) {
      this.logToStderr(`${server.name} has announced no tools yet (it is ${server.status}): start it with \`docker mcp server start ${server.name}\`.`);
    }
  }
}
