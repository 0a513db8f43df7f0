import { Args, Flags } from '@oclif/core';
import { serverDetailsQuery } from '../../lib/operations.ts';
import { ServerCommand } from '../../lib/server-command.ts';
import { describeServer, resolveServer, unknownServerError } from '../../lib/servers.ts';

export default class ServerInspect extends ServerCommand {
  static override summary = 'Show everything about one MCP server.';
  static override description =
    'Status and desired state, runtime, when it started and stopped, the last health check, automatic restarts, the last error, ' +
    'its tools and its config keys.';
  static override examples = ['<%= config.bin %> <%= command.id %> memory', '<%= config.bin %> <%= command.id %> memory --json'];

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the server as JSON (tools with their schemas).', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServerInspect);
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const { id } = await resolveServer(request, args.server);
    const { server } = await request(serverDetailsQuery, { id });
    if (!server) throw unknownServerError(args.server);
    if (flags.json) this.printJson(server);
    else this.log(describeServer(server));
  }
}
