import type Docker from 'dockerode';
import { z } from 'zod';
import { AsyncQueue } from './async-queue.ts';
import { LineSplitter } from './line-splitter.ts';
import { MANAGED_LABEL, SERVER_ID_LABEL, type RuntimeEvent } from './runtime.ts';

const EVENT_QUEUE_CAPACITY = 10_000;

const engineEventSchema = z.object({
  Type: z.string().optional(),
  Action: z.string().optional(),
  status: z.string().optional(),
  id: z.string().optional(),
  Actor: z.object({ ID: z.string().optional(), Attributes: z.record(z.string(), z.string()).optional() }).optional(),
  time: z.number().optional(),
  timeNano: z.number().optional(),
});

/**
 * Start and death of our containers from the moment of the call: the engine replays from `since` (whole
 * seconds), so an event between this call and the stream's opening is not lost, and one from earlier in
 * the same second may be repeated.
 */
export function containerEvents(docker: Docker, options: { signal?: AbortSignal } = {}): AsyncIterable<RuntimeEvent> {
  let source: NodeJS.ReadableStream | undefined;
  const stop = () => (source as { destroy?: () => void } | undefined)?.destroy?.();
  const queue = new AsyncQueue<RuntimeEvent>({ capacity: EVENT_QUEUE_CAPACITY, signal: options.signal, onReturn: stop });
  const since = Math.floor(Date.now() / 1000);
  docker
    // No `event` filter: podman matches it against its own names ("died", not "die"); the actions are picked below.
    .getEvents({ since, filters: { type: ['container'], label: [`${MANAGED_LABEL}=true`] } })
    .then((stream) => {
      source = stream;
      if (queue.isEnded) return stop();
      const splitter = new LineSplitter((line) => {
        const event = toRuntimeEvent(line);
        if (event) queue.push(event);
      });
      stream.on('data', (chunk: Buffer) => splitter.write(chunk));
      stream.once('end', () => queue.end());
      stream.on('error', (error: Error) => queue.fail(error));
    })
    .catch((error: Error) => queue.fail(error));
  return queue;
}

function toRuntimeEvent(line: string): RuntimeEvent | undefined {
  if (line.trim() === '') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = engineEventSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const event = parsed.data;
  const action = event.Action ?? event.status;
  const type = action === 'start' ? 'started' : action === 'die' ? 'died' : undefined;
  const id = event.Actor?.ID ?? event.id;
  if (!type || !id) return undefined;
  const at = event.timeNano ? new Date(event.timeNano / 1e6) : event.time ? new Date(event.time * 1000) : new Date();
  const attributes = event.Actor?.Attributes ?? {};
  const exitCode = attributes.exitCode === undefined ? undefined : Number(attributes.exitCode);
  return {
    type,
    id,
    at,
    ...(attributes[SERVER_ID_LABEL] ? { serverId: attributes[SERVER_ID_LABEL] } : {}),
    ...(exitCode === undefined || Number.isNaN(exitCode) ? {} : { exitCode }),
  };
}
