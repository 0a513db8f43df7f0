import { lifecycleArgs, lifecycleFlags, ServerCommand } from '../../lib/server-command.ts';

export default class ServerStop extends ServerCommand {
  static override summary = 'Stop a running MCP server.';
  static override description =
    'Stops the server (stopping a STARTING server cancels the start) and, unless --no-wait, ' +
    'follows its status live until it is STOPPED, showing progress on stderr.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> memory',
    '<%= config.bin %> <%= command.id %> memory --no-wait --json',
    '<%= config.bin %> <%= command.id %> memory --timeout 300',
  ];

  static override args = lifecycleArgs;
  static override flags = lifecycleFlags('STOPPED');

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServerStop);
    await this.changeState('stop', args.server, flags);
  }
}
