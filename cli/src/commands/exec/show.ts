import { Args, Flags } from '@oclif/core';
import { PortalCommand } from '../../lib/base-command.ts';
import { withLoginHint } from '../../lib/client.ts';
import { PortalError } from '../../lib/errors.ts';
import { describeExecution, mirroredExitCode, OutputPrinter, useColor } from '../../lib/exec-format.ts';
import {
  executionChangedSubscription,
  executionOutputSubscription,
  executionQuery,
  isEnded,
  isExecutionId,
  MAX_OUTPUT_CHUNKS,
  unknownExecutionError,
  type ExecutionChunkView,
  type ExecutionView,
  type ExecutionWithOutput,
} from '../../lib/exec-operations.ts';
import { requireToken, type ResolvedSettings } from '../../lib/settings.ts';
import { subscribeLive } from '../../lib/subscription.ts';

/** While following, the run is also read this often, in case its end was announced before the subscription began. */
const RECHECK_MS = 15_000;

class FollowInterrupted extends Error {
  constructor(readonly exitCode: number) {
    super('Interrupted.');
  }
}

export default class ExecShow extends PortalCommand {
  static override summary = 'Show one run of a docker mcp command and its output.';
  static override description =
    "Shows a run the executor started for you (an admin: anyone's): its command and arguments, status, exit code, who " +
    'started it and when, how long it ran, then its stored output (the last 5000 chunks): what it printed on stdout to ' +
    "stdout, on stderr to stderr, and the executor's own notes (queued, started, how it ended) on stdout as lines " +
    'marked [executor] (dimmed on a terminal). Exits 0 once shown, whatever the status.\n\n' +
    'With --follow it keeps printing the output as it comes until the run ends, and then exits like the run: 0 when it ' +
    'SUCCEEDED, its own exit code when it FAILED (1 when it has none, e.g. it never started), 124 when it TIMED_OUT, 125 ' +
    'when it was CANCELLED. A run that already ended is shown and exits the same way. Ctrl-C stops following (exit 130; ' +
    'SIGTERM 143) and leaves the run going: `exec cancel` cancels it.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> 3f2b…',
    '<%= config.bin %> <%= command.id %> 3f2b… --follow',
    '<%= config.bin %> <%= command.id %> 3f2b… --json',
  ];

  static override args = {
    id: Args.string({ description: 'The run id, as `exec ls` shows it.', required: true }),
  };

  static override flags = {
    follow: Flags.boolean({ char: 'f', summary: 'Print the output as it comes until the run ends; exit like the run.', default: false }),
    json: Flags.boolean({
      summary:
        'Print the run with its output ({…, output: [{id, seq, stream, text, at}]}) as JSON; with --follow one JSON object per line: ' +
        'each output chunk, then the run as it ended.',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ExecShow);
    const id = args.id.trim();
    if (!isExecutionId(id)) throw unknownExecutionError(id, 'see');
    const settings = await this.settings(flags.url);
    const execution = await this.read(settings, id, MAX_OUTPUT_CHUNKS);

    if (!flags.follow && flags.json) return this.printJson(execution);
    const { output, ...summary } = execution;
    const printer = new OutputPrinter(process, useColor(process.stdout));
    const print = flags.json ? jsonLines((line) => this.log(line)) : (chunk: ExecutionChunkView) => printer.print(chunk);
    if (!flags.json) {
      this.log(describeExecution(summary));
      if (output.length > 0 || flags.follow) this.log('');
    }
    for (const chunk of output) print(chunk);
    if (!flags.follow) return printer.finish();

    let ended: ExecutionView = summary;
    if (!isEnded(summary)) {
      try {
        ended = await this.follow(settings, id, print);
      } catch (error) {
        printer.finish();
        if (!(error instanceof FollowInterrupted)) throw error;
        this.logToStderr(`Stopped following: the run ${id} carries on (\`docker mcp exec cancel ${id}\` cancels it).`);
        this.exit(error.exitCode);
      }
    }
    printer.finish();
    if (flags.json) this.log(JSON.stringify(ended));
    const code = mirroredExitCode(ended);
    if (code !== 0) this.exit(code);
  }

  private async read(settings: ResolvedSettings, id: string, last: number): Promise<ExecutionWithOutput> {
    const { execution } = await this.authenticatedRequest(settings, executionQuery, { id, last }).catch((error: unknown) => {
      throw error instanceof PortalError && (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT') ? unknownExecutionError(id, 'see') : error;
    });
    if (!execution) throw unknownExecutionError(id, 'see');
    return execution;
  }

  /**
   * Subscribes to the run's changes and its output (the router replays what is stored, then each new chunk), until
   * the run ends; then reads the whole stored output once more, so that nothing stored before the end is missed
   * (`print` shows each chunk once). Returns the run as it ended.
   */
  private async follow(settings: ResolvedSettings, id: string, print: (chunk: ExecutionChunkView) => void): Promise<ExecutionView> {
    const token = requireToken(settings);
    let markEnded: (execution: ExecutionView) => void = () => undefined;
    const ended = new Promise<ExecutionView>((resolve) => (markEnded = resolve));
    const onChange = (execution: ExecutionView) => {
      if (isEnded(execution)) markEnded(execution);
    };
    let onSignal: Record<'SIGINT' | 'SIGTERM', () => void> = { SIGINT: () => undefined, SIGTERM: () => undefined };
    const interrupted = new Promise<never>((_resolve, reject) => {
      onSignal = { SIGINT: () => reject(new FollowInterrupted(130)), SIGTERM: () => reject(new FollowInterrupted(143)) };
    });
    process.once('SIGINT', onSignal.SIGINT);
    process.once('SIGTERM', onSignal.SIGTERM);
    const live = { url: settings.url, token };
    const changes = subscribeLive(live, executionChangedSubscription, { id }, (data) => onChange(data.executionChanged));
    const output = subscribeLive(live, executionOutputSubscription, { id, last: MAX_OUTPUT_CHUNKS }, (data) => print(data.executionOutput));
    const failed = (subscription: { done: Promise<void> }) =>
      subscription.done.then(
        () => Promise.reject(new PortalError(`The router ended the live subscription to run ${id} before the run ended.`)),
        (error: unknown) => Promise.reject(withLoginHint(error)),
      );
    const recheck = setInterval(() => {
      this.read(settings, id, 0).then(onChange, () => undefined);
    }, RECHECK_MS);
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(recheck);
      await Promise.allSettled([changes.stop(), output.stop()]);
    };
    try {
      const broken = Promise.race([failed(changes), failed(output), interrupted]);
      // Once the run ended, stopping the subscriptions ends them too: that is no failure any more.
      broken.catch(() => undefined);
      await Promise.race([Promise.all([changes.ready, output.ready]), broken]);
      // It may have ended between the first read and the subscriptions.
      onChange(await Promise.race([this.read(settings, id, 0), broken]));
      await Promise.race([ended, broken]);
      await stop();
      const final = await this.read(settings, id, MAX_OUTPUT_CHUNKS);
      for (const chunk of final.output) print(chunk);
      const { output: _output, ...summary } = final;
      return summary;
    } finally {
      await stop();
      process.off('SIGINT', onSignal.SIGINT);
      process.off('SIGTERM', onSignal.SIGTERM);
    }
  }
}

/** `--follow --json`: each chunk once, as one JSON line. */
function jsonLines(log: (line: string) => void): (chunk: ExecutionChunkView) => void {
  const printed = new Set<string>();
  return (chunk) => {
    if (printed.has(chunk.id)) return;
    printed.add(chunk.id);
    log(JSON.stringify(chunk));
  };
}
