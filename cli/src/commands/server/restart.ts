import { lifecycleArgs, lifecycleFlags, ServerCommand } from '../../lib/server-command.ts';

export default class ServerRestart extends ServerCommand {
  static override summary = 'Restart an MCP server.';
  static override description =
    'Stops and starts the server again and, unless --no-wait, ' +
    "follows its status live until it is RUNNING again (exit 0) or FAILED (exit 1 with the server's last error), showing progress on stderr.";
  static override examples = [
    '<%= config.bin %> <%= command.id %> memory',
    '<%= config.bin %> <%= command.id %> memory --no-wait --json',
    '<%= config.bin %> <%= command.id %> memory --timeout 300',
  ];

  static override args = lifecycleArgs;
  static override flags = lifecycleFlags('RUNNING');

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServerRestart);
    await this.changeState('restart', args.server, flags);
  }
}
