import { PortalError } from './errors.ts';
import { formatTable, timeAgo } from './format.ts';
import type { ExecutionChunkView, ExecutionView } from './exec-operations.ts';

/** How a terminal would show the run: `docker mcp` and its argv, each element quoted when it needs to be. */
export function executionCommandLine(argv: readonly string[]): string {
  const quoted = argv.map((element) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(element) ? element : `'${element.replaceAll("'", `'\\''`)}'`));
  return ['docker', 'mcp', ...quoted].join(' ');
}

/** `850ms`, `12.3s`, `2m05s`, `1h02m`. */
export function shortDuration(milliseconds: number): string {
  const ms = Math.max(0, Math.round(milliseconds));
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** How long the process ran (so far, while it runs); `-` while it waits or when it never started. */
export function executionDuration(execution: Pick<ExecutionView, 'runningAt' | 'finishedAt'>, now: Date = new Date()): string {
  if (!execution.runningAt) return '-';
  const end = execution.finishedAt ? Date.parse(execution.finishedAt) : now.getTime();
  return shortDuration(end - Date.parse(execution.runningAt));
}

/** `QUEUED (position 2)`, `FAILED (exit code 1)`, `SUCCEEDED`. */
export function executionStatusText(execution: Pick<ExecutionView, 'status' | 'exitCode' | 'queuePosition'>): string {
  if (execution.status === 'QUEUED' && execution.queuePosition != null) return `QUEUED (position ${execution.queuePosition})`;
  if (execution.exitCode != null && execution.status !== 'SUCCEEDED') return `${execution.status} (exit code ${execution.exitCode})`;
  return execution.status;
}

export const EXECUTION_HEADERS = ['ID', 'COMMAND', 'STATUS', 'EXIT CODE', 'STARTED BY', 'STARTED', 'DURATION'];

/** `exec ls`: ID  COMMAND  STATUS  EXIT CODE  STARTED BY  STARTED  DURATION. */
export function executionsTable(executions: readonly ExecutionView[], now: Date = new Date()): string {
  return formatTable(
    EXECUTION_HEADERS,
    executions.map((execution) => [
      execution.id,
      execution.command,
      execution.status,
      execution.exitCode == null ? '-' : String(execution.exitCode),
      execution.startedBy.email,
      timeAgo(execution.startedAt, now),
      executionDuration(execution, now),
    ]),
  );
}

const at = (iso: string, now: Date) => `${iso} (${timeAgo(iso, now)})`;

/** `exec show`: `Label: value` lines, before the output. */
export function describeExecution(execution: ExecutionView, now: Date = new Date()): string {
  const hasArguments = execution.arguments !== null && typeof execution.arguments === 'object' && Object.keys(execution.arguments).length > 0;
  const output = `${execution.outputLines} line${execution.outputLines === 1 ? '' : 's'}, ${execution.outputBytes} byte${execution.outputBytes === 1 ? '' : 's'}`;
  const lines: [string, string | null][] = [
    ['ID', execution.id],
    ['Command', execution.command],
    ['Arguments', hasArguments ? JSON.stringify(execution.arguments) : null],
    ['Command line', executionCommandLine(execution.argv)],
    ['Status', executionStatusText(execution)],
    ['Message', execution.message],
    ['Started by', execution.startedBy.email],
    ['Started', at(execution.startedAt, now)],
    ['Running since', execution.runningAt && !execution.finishedAt ? at(execution.runningAt, now) : null],
    ['Finished', execution.finishedAt ? at(execution.finishedAt, now) : null],
    ['Duration', execution.runningAt ? executionDuration(execution, now) : null],
    ['Output', execution.outputTruncated ? `${output} (truncated: past the cap, the rest was dropped)` : output],
  ];
  const present = lines.filter((line): line is [string, string] => line[1] !== null);
  const width = Math.max(...present.map(([label]) => label.length)) + 2;
  return present.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n');
}

/** Where `exec show` writes the output: the run's stdout and stderr to the same, the executor's notes marked. */
export interface OutputStreams {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

export const SYSTEM_MARK = '[executor]';

/** Dims when stdout is a terminal and NO_COLOR is not set. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

/**
 * Writes chunks as they come, each once (by id): STDOUT as it is to stdout, STDERR to stderr, the executor's SYSTEM
 * notes on stdout as lines starting with `[executor]` (dimmed on a terminal), on a line of their own.
 */
export class OutputPrinter {
  private readonly printed = new Set<string>();
  private stdoutAtLineStart = true;
  private stderrAtLineStart = true;

  constructor(
    private readonly streams: OutputStreams,
    private readonly color: boolean,
  ) {}

  print(chunk: ExecutionChunkView): void {
    if (this.printed.has(chunk.id)) return;
    this.printed.add(chunk.id);
    if (chunk.text === '') return;
    switch (chunk.stream) {
      case 'STDOUT':
        this.streams.stdout.write(chunk.text);
        this.stdoutAtLineStart = chunk.text.endsWith('\n');
        return;
      case 'STDERR':
        this.streams.stderr.write(chunk.text);
        this.stderrAtLineStart = chunk.text.endsWith('\n');
        return;
      case 'SYSTEM': {
        const lines = chunk.text.replace(/\n$/, '').split('\n');
        const marked = lines.map((line) => (this.color ? `\u001b[2m${SYSTEM_MARK} ${line}\u001b[22m` : `${SYSTEM_MARK} ${line}`)).join('\n');
        this.streams.stdout.write(`${this.stdoutAtLineStart ? '' : '\n'}${marked}\n`);
        this.stdoutAtLineStart = true;
      }
    }
  }

  /** Ends a last line the run left open, so that the shell's prompt starts on its own line. */
  finish(): void {
    if (!this.stdoutAtLineStart) this.streams.stdout.write('\n');
    if (!this.stderrAtLineStart) this.streams.stderr.write('\n');
    this.stdoutAtLineStart = true;
    this.stderrAtLineStart = true;
  }
}

/**
 * The exit code of `exec show --follow`, mirroring the run: 0 when it SUCCEEDED; FAILED: its own exit code (1 when it
 * has none, e.g. it could not start); TIMED_OUT: 124 (like timeout(1)); CANCELLED: 125.
 */
export function mirroredExitCode(execution: Pick<ExecutionView, 'status' | 'exitCode'>): number {
  switch (execution.status) {
    case 'SUCCEEDED':
      return 0;
    case 'TIMED_OUT':
      return 124;
    case 'CANCELLED':
      return 125;
    default:
      return execution.exitCode != null && execution.exitCode > 0 && execution.exitCode < 256 ? execution.exitCode : 1;
  }
}

const DURATION = /^(\d+)(s|m|h|d|w)$/;
const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** An ISO-8601 time, or a duration before `now` (`15m`), as an ISO string for the API. */
export function parseTime(flag: string, value: string, now: Date = new Date()): string {
  const text = value.trim();
  const duration = DURATION.exec(text);
  if (duration) return new Date(now.getTime() - Number(duration[1]) * unitMs[duration[2] as keyof typeof unitMs]).toISOString();
  const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(time.getTime())) {
    throw new PortalError(`${flag} must be an ISO-8601 time such as 2026-01-31 or 2026-01-31T12:00:00Z, or a duration such as 15m, 2h or 7d, not "${value}".`);
  }
  return time.toISOString();
}
