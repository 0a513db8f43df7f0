import { PassThrough, Readable } from 'node:stream';
import type Docker from 'dockerode';
import { AsyncQueue } from './async-queue.ts';
import { statusCodeOf } from './docker-errors.ts';
import { InstanceNotFoundError } from './errors.ts';
import { LineSplitter } from './line-splitter.ts';
import type { LogLine, LogOptions, LogStream } from './runtime.ts';

/** How many lines a slow follower may fall behind before the oldest are dropped. */
const FOLLOW_QUEUE_CAPACITY = 10_000;

/**
 * A container's stderr from the engine's log driver, timestamped by the engine, as LogLines.
 * Stdout is not read: it carries the MCP protocol.
 */
export async function* containerLogs(docker: Docker, containerId: string, options: LogOptions = {}): AsyncIterable<LogLine> {
  const container = docker.getContainer(containerId);
  const common = {
    stdout: false,
    stderr: true,
    timestamps: true,
    ...(options.tail === undefined ? {} : { tail: options.tail }),
    ...(options.signal ? { abortSignal: options.signal } : {}),
  };
  let source: Readable;
  try {
    source = options.follow
      ? Readable.from(await container.logs({ ...common, follow: true }))
      : Readable.from([await container.logs({ ...common, follow: false })]);
  } catch (error) {
    if (options.signal?.aborted) return;
    if (statusCodeOf(error) === 404) throw new InstanceNotFoundError(containerId);
    throw error;
  }
  const queue = new AsyncQueue<LogLine>({ capacity: FOLLOW_QUEUE_CAPACITY, signal: options.signal, onReturn: () => source.destroy() });
  const splitters = (['stdout', 'stderr'] as const).map((stream) => demuxedLines(stream, (line) => queue.push(line)));
  const [stdout, stderr] = splitters.map((entry) => entry.input) as [PassThrough, PassThrough];
  docker.modem.demuxStream(source, stdout, stderr);
  const finish = () => {
    for (const entry of splitters) entry.flush();
    queue.end();
  };
  source.once('end', finish);
  source.once('close', finish);
  source.on('error', (error) => (options.signal?.aborted ? queue.end() : queue.fail(error)));
  try {
    yield* queue;
  } finally {
    source.destroy();
  }
}

function demuxedLines(stream: LogStream, onLine: (line: LogLine) => void): { input: PassThrough; flush: () => void } {
  const input = new PassThrough();
  const splitter = new LineSplitter((text) => onLine(timestamped(stream, text)));
  input.on('data', (chunk: Buffer) => splitter.write(chunk));
  return { input, flush: () => splitter.flush() };
}

/** "2025-01-02T03:04:05.123456789Z the line" → its time and text; a line without a readable time gets now. */
function timestamped(stream: LogStream, text: string): LogLine {
  const space = text.indexOf(' ');
  const at = space > 0 ? new Date(text.slice(0, space)) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) return { stream, line: text, at: new Date() };
  return { stream, line: text.slice(space + 1), at };
}
