import { Flags } from '@oclif/core';
import { serversQuery, type ServersResult } from '@mcp-portal/schema/operations';
import { PortalCommand } from '../../lib/base-command.ts';
import { serversTable } from '../../lib/format.ts';

export default class ServerLs extends PortalCommand {
  static override summary = 'List the enabled MCP servers.';
  static override hiddenAliases = ['server:list'];
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  static override flags = {
    json: Flags.boolean({ summary: 'Print a JSON array of servers.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ServerLs);
    const settings = await this.settings(flags.url);
    const { servers } = await this.authenticatedRequest<ServersResult>(settings, serversQuery);
    if (flags.json) this.printJson(servers);
    else this.log(serversTable(servers));
  }
}
