import { Args, Flags } from '@oclif/core';
import { enableServerMutation, type EnableServerResult } from '@mcp-portal/schema/operations';
import { PortalCommand } from '../../lib/base-command.ts';

export default class ServerEnable extends PortalCommand {
  static override summary = 'Enable an MCP server from the catalog.';
  static override examples = ['<%= config.bin %> <%= command.id %> time', '<%= config.bin %> <%= command.id %> time --json'];

  static override args = {
    name: Args.string({ description: 'Catalog name of the server, e.g. time.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the enabled server as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServerEnable);
    const settings = await this.settings(flags.url);
    const { enableServer: server } = await this.authenticatedRequest<EnableServerResult>(settings, enableServerMutation, { name: args.name });
    if (flags.json) this.printJson(server);
    else this.log(`Enabled ${server.name} (${server.status})`);
  }
}
