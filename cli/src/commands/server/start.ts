import { lifecycleArgs, lifecycleFlags, ServerCommand } from '../../lib/server-command.ts';

export default class ServerStart extends ServerCommand {
  static override summary = 'Start an enabled MCP server.';
  static override description =
    'Starts the server and, unless --no-wait, ' +
    "follows its status live until it is RUNNING (exit 0) or FAILED (exit 1 with the server's last error), showing progress on stderr.";
  static override examples = [
    '<%= config.bin %> <%= command.id %> memory',
    '<%= config.bin %> <%= command.id %> memory --no-wait --json',
    '<%= config.bin %> <%= command.id %> memory --timeout 300',
  ];

  static override args = lifecycleArgs;
  static override flags = lifecycleFlags('RUNNING');

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServerStart);
    await this.changeState('start', args.server, flags);
  }
}
