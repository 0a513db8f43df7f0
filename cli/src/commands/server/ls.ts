import { Flags } from '@oclif/core';
import { serverListQuery } from '../../lib/operations.ts';
import { ServerCommand } from '../../lib/server-command.ts';
import { serverStatesTable } from '../../lib/servers.ts';

export default class ServerLs extends ServerCommand {
  static override summary = 'List the enabled MCP servers.';
  static override hiddenAliases = ['server:list'];
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  static override flags = {
    json: Flags.boolean({ summary: 'Print a JSON array of servers.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ServerLs);
    const settings = await this.settings(flags.url);
    const { servers } = await this.requester(settings)(serverListQuery);
    if (flags.json) this.printJson(servers);
    else this.log(serverStatesTable(servers));
  }
}
