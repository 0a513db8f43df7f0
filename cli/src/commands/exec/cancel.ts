import { Args, Flags } from '@oclif/core';
import { PortalCommand } from '../../lib/base-command.ts';
import { PortalError } from '../../lib/errors.ts';
import { executionStatusText } from '../../lib/exec-format.ts';
import { cancelExecutionMutation, isExecutionId, unknownExecutionError } from '../../lib/exec-operations.ts';

export default class ExecCancel extends PortalCommand {
  static override summary = 'Cancel a queued or running run of a docker mcp command.';
  static override description =
    "Cancels a run the executor started for you (an admin: anyone's): a queued one never starts, a running one has its " +
    'whole process group killed. Prints the status it ended with (normally CANCELLED; a run that was just finishing may ' +
    'end otherwise). A run that already ended cannot be cancelled (an error naming its status).';

  static override examples = ['<%= config.bin %> <%= command.id %> 3f2b…', '<%= config.bin %> <%= command.id %> 3f2b… --json'];

  static override args = {
    id: Args.string({ description: 'The run id, as `exec ls` shows it.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the run as it is after the cancel as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ExecCancel);
    const id = args.id.trim();
    if (!isExecutionId(id)) throw unknownExecutionError(id, 'cancel');
    const settings = await this.settings(flags.url);
    const { cancelExecution: execution } = await this.authenticatedRequest(settings, cancelExecutionMutation, { id }).catch((error: unknown) => {
      if (!(error instanceof PortalError)) throw error;
      if (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT') throw unknownExecutionError(id, 'cancel');
      if (error.code === 'CONFLICT') {
        const status = /\(([A-Z_]+)\)/.exec(error.message)?.[1];
        throw new PortalError(
          `The run ${id} already ended${status ? ` (${status})` : ''}: there is nothing to cancel (\`docker mcp exec show ${id}\` shows how it ended).`,
          { code: 'CONFLICT', cause: error },
        );
      }
      throw error;
    });
    if (flags.json) return this.printJson(execution);
    const { status } = execution;
    if (status === 'QUEUED' || status === 'RUNNING') {
      this.log(
        `Cancel requested for ${id} (${execution.command}): still ${executionStatusText(execution)}; \`docker mcp exec show ${id} --follow\` waits for its end`,
      );
    } else if (status === 'CANCELLED') this.log(`Cancelled ${id} (${execution.command}): CANCELLED`);
    else this.log(`${id} (${execution.command}) ended before the cancel took effect: ${executionStatusText(execution)}`);
  }
}
