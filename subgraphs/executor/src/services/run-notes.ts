import type { RunResult, RunStatus } from '../runner/index.ts';
import type { ExecutorSettings } from '../settings.ts';

/** How a terminal would show the command: `docker mcp` and the argv, each element quoted when it needs to be. */
export function displayCommandLine(argv: readonly string[]): string {
  const quoted = argv.map((element) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(element) ? element : `'${element.replaceAll("'", `'\\''`)}'`));
  return ['docker', 'mcp', ...quoted].join(' ');
}

/** How a process run ended, in words for the user (the run's message and the executor's last note). */
export function runEndMessage(
  result: RunResult,
  settings: Pick<ExecutorSettings, 'timeoutSeconds' | 'maxOutputBytes' | 'maxOutputLines'>,
  stopping: boolean,
): string {
  const byStatus: Record<RunStatus, () => string> = {
    succeeded: () => 'Finished: exit code 0.',
    timed_out: () => `Timed out after ${settings.timeoutSeconds} s: the whole process group was killed.`,
    cancelled: () => (stopping ? 'Cancelled: the executor stopped before the run ended.' : 'Cancelled: the whole process group was killed.'),
    failed: () => {
      if (result.outputTruncated) {
        return `Stopped: the output went past its cap (${settings.maxOutputBytes} bytes or ${settings.maxOutputLines} lines); the rest was dropped.`;
      }
      if (result.exitCode !== null) return `Failed: exit code ${result.exitCode}.`;
      if (result.signal) return `Failed: ended by ${result.signal}.`;
      return `Failed: ${result.message ?? 'the command did not run'}.`;
    },
  };
  return byStatus[result.status]();
}
