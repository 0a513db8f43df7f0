import { Args, Flags } from '@oclif/core';
import { enableServerMutation } from '../../lib/operations.ts';
import { PortalError } from '../../lib/errors.ts';
import { reachedLine, ServerCommand, timeoutFlag } from '../../lib/server-command.ts';

export default class ServerEnable extends ServerCommand {
  static override summary = 'Enable an MCP server from the catalog.';
  static override description =
    'Enables a catalog entry as a server and starts it (the router answers at once with STARTING; --wait follows it until RUNNING). ' +
    'With --no-start it is only enabled, STOPPED, until `server start`.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> memory',
    '<%= config.bin %> <%= command.id %> memory --wait',
    '<%= config.bin %> <%= command.id %> time --no-start --json',
  ];

  static override args = {
    name: Args.string({ description: 'Catalog name of the server, e.g. memory.', required: true }),
  };

  static override flags = {
    start: Flags.boolean({ summary: 'Start the server once enabled (the default; --no-start only enables it).', allowNo: true, default: true }),
    wait: Flags.boolean({ summary: 'Wait until the server is RUNNING, with progress on stderr (exit 1 if it fails).', default: false }),
    timeout: timeoutFlag,
    json: Flags.boolean({ summary: 'Print the enabled server as JSON (its final state with --wait).', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServerEnable);
    if (flags.wait && !flags.start) throw new PortalError('--wait cannot be combined with --no-start: there is nothing to wait for.');
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const act = async () => (await request(enableServerMutation, { name: args.name, start: flags.start })).enableServer;
    const server = flags.wait
      ? await this.actAndFollow(settings, { name: args.name, initial: null, goal: 'RUNNING', label: `Starting ${args.name}`, timeoutSeconds: flags.timeout, act })
      : await act();
    if (flags.json) this.printJson(server);
    else if (flags.wait) this.log(reachedLine('Enabled and started', server));
    else this.log(`Enabled ${server.name} (${server.status})`);
  }
}
