import { Flags } from '@oclif/core';
import { toolCountsQuery } from '../../lib/operations.ts';
import { ServerCommand } from '../../lib/server-command.ts';
import { findServer } from '../../lib/servers.ts';
import { toolCounts, toolCountsTable } from '../../lib/tools.ts';

export default class ToolsCount extends ServerCommand {
  static override summary = 'Count the tools of the enabled MCP servers, in total and per server.';
  static override description =
    'Counts the tools each enabled server announced (tools/list), servers with none included, and their total. ' + 'A server has none until it first ran.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --server memory',
    '<%= config.bin %> <%= command.id %> --json',
  ];

  static override flags = {
    server: Flags.string({ summary: 'Only this server (name or id).', helpValue: '<name>' }),
    json: Flags.boolean({ summary: 'Print {total, servers: [{id, name, status, tools}]} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ToolsCount);
    const settings = await this.settings(flags.url);
    const { servers } = await this.requester(settings)(toolCountsQuery);
    const server = flags.server === undefined ? undefined : findServer(servers, flags.server);
    const counts = toolCounts(server ? [server] : servers);
    if (flags.json) {
      this.printJson(counts);
      return;
    }
    this.log(toolCountsTable(counts, { total: !server }));
    if (server && server.tools.length === 0 && server.status !== 'RUNNING') {
      this.logToStderr(`${server.name} has announced no tools yet (it is ${server.status}): start it with \`docker mcp server start ${server.name}\`.`);
    }
  }
}
