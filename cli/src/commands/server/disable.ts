import { Args, Flags } from '@oclif/core';
import { disableServerMutation } from '../../lib/operations.ts';
import { ServerCommand } from '../../lib/server-command.ts';
import { resolveServer } from '../../lib/servers.ts';

export default class ServerDisable extends ServerCommand {
  static override summary = 'Disable an MCP server.';
  static override description = 'Stops the server if it runs, removes its instance and deletes it from the enabled servers (its catalog entry stays).';
  static override examples = ['<%= config.bin %> <%= command.id %> memory', '<%= config.bin %> <%= command.id %> 4f1c… --json'];

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the server as it was, as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServerDisable);
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const { id } = await resolveServer(request, args.server);
    const { disableServer: server } = await request(disableServerMutation, { id });
    if (flags.json) this.printJson(server);
    else this.log(`Disabled ${server.name}`);
  }
}
