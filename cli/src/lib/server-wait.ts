import { serverStateChangedSubscription, type ServerStateView } from './operations.ts';
import { withLoginHint } from './client.ts';
import { PortalError } from './errors.ts';
import { oneLine } from './servers.ts';
import type { ProgressStream } from './progress.ts';

/** Ctrl-C (or SIGTERM) while waiting: the command exits 128 + the signal number; the router carries on. */
export class WaitInterrupted extends Error {
  constructor(readonly exitCode: number) {
    super('Interrupted.');
  }
}

export type LifecycleGoal = 'RUNNING' | 'STOPPED';

export interface ActAndWaitOptions {
  url: string;
  token: string;
  /** The server's name, for messages. */
  name: string;
  /** Narrows the subscription to one server; without it every server's changes arrive and `matches` picks. */
  serverId?: string;
  matches: (state: ServerStateView) => boolean;
  goal: LifecycleGoal;
  /** The server before `act` (null when `act` creates it): only changes after it count. */
  initial: ServerStateView | null;
  /** The mutation; answers with the server as it is right after it. */
  act: () => Promise<ServerStateView>;
  timeoutMs: number;
  /** Each state seen once the server moved (the mutation's answer first, if it had). */
  onState?: (state: ServerStateView) => void;
  /** Aborting stops waiting (the router carries on); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * The verdict on a state once the server has moved since the action: reached the goal, failed, or
 * not yet (undefined).
 */
export function judge(goal: LifecycleGoal, state: ServerStateView): 'reached' | PortalError | undefined {
  const reason = () => (state.lastError ? oneLine(state.lastError) : 'no error was reported');
  if (goal === 'RUNNING') {
    if (state.status === 'RUNNING') return 'reached';
    if (state.status === 'FAILED') return new PortalError(`${state.name} failed: ${reason()}`, { code: 'FAILED' });
    if (state.status === 'STOPPED' && state.desiredState === 'STOPPED')
      return new PortalError(`${state.name} was stopped before it was running.`, { code: 'STOPPED' });
    return undefined;
  }
  if (state.status === 'STOPPED') return 'reached';
  if (state.status === 'FAILED') return new PortalError(`${state.name} failed while stopping: ${reason()}`, { code: 'FAILED' });
  if (state.status === 'RUNNING' && state.desiredState === 'RUNNING')
    return new PortalError(`${state.name} was started again before it stopped.`, { code: 'RUNNING' });
  return undefined;
}

/**
 * Subscribes to `serverStatusChanged` first, then runs the mutation, then follows the server until it
 * reaches the goal (resolves with that state), fails (rejects with a one-line PortalError naming
 * `lastError`) or the timeout passes. Payloads are the server as it is when the router delivers an event,
 * so a state only counts once the server has moved away from `initial`: another status, another
 * `startedAt`, or an event newer than the mutation's answer.
 */
export async function actAndWait(options: ActAndWaitOptions): Promise<ServerStateView> {
  const { initial } = options;
  let answer: ServerStateView | null = null;
  const early: ServerStateView[] = [];
  let last: ServerStateView | null = initial;
  let moved = initial === null;
  let settle: { resolve: (state: ServerStateView) => void; reject: (error: unknown) => void } | undefined;
  const outcome = new Promise<ServerStateView>((resolve, reject) => (settle = { resolve, reject }));

  const consider = (state: ServerStateView, fromEvent: boolean) => {
    last = state;
    if (!moved && initial) {
      moved =
        state.status !== initial.status ||
        state.startedAt !== initial.startedAt ||
        (fromEvent && answer !== null && Date.parse(state.updatedAt) > Date.parse(answer.updatedAt));
    }
    if (!moved) return;
    options.onState?.(state);
    const verdict = judge(options.goal, state);
    if (verdict === 'reached') settle?.resolve(state);
    else if (verdict) settle?.reject(verdict);
  };

  // graphql-ws and ws, loaded only by the commands that wait (--wait).
  const { subscribeLive } = await import('./subscription.ts');
  const live = subscribeLive(
    { url: options.url, token: options.token },
    serverStateChangedSubscription,
    options.serverId ? { id: options.serverId } : {},
    ({ serverStatusChanged: state }) => {
      if (!options.matches(state)) return;
      if (answer === null) early.push(state);
      else consider(state, true);
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => settle?.reject(options.signal?.reason);
  try {
    await Promise.race([live.ready, live.done]).catch((error: unknown) => Promise.reject(withLoginHint(error)));
    answer = await options.act();
    consider(answer, false);
    for (const state of early.splice(0)) consider(state, true);

    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    timer = setTimeout(() => {
      const status = last?.status ?? 'unknown';
      settle?.reject(
        new PortalError(
          `${options.name} is still ${status} after ${Math.round(options.timeoutMs / 1000)} s; the router carries on (see \`docker mcp server logs ${options.name}\`).`,
          { code: 'TIMEOUT' },
        ),
      );
    }, options.timeoutMs);
    live.done.then(
      () => settle?.reject(new PortalError(`The router ended the live status of ${options.name} before it was ${options.goal}.`)),
      (error: unknown) => settle?.reject(withLoginHint(error)),
    );
    return await outcome;
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await live.stop();
  }
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * Progress of a wait on stderr: on a terminal one line, redrawn at each status and every second
 * (`Starting memory… STARTING (3 s)`) and erased at the end; elsewhere one `memory: STARTING` line per
 * status the server passes through.
 */
export function lifecycleProgress(stream: ProgressStream, label: string): { update(state: ServerStateView): void; stop(): void } {
  let status: string | null = null;
  if (!stream.isTTY) {
    return {
      update(state) {
        if (state.status === status) return;
        status = state.status;
        stream.write(`${state.name}: ${state.status}\n`);
      },
      stop: () => undefined,
    };
  }
  const started = Date.now();
  const draw = () => stream.write(`${CLEAR_LINE}${label}…${status ? ` ${status}` : ''} (${Math.round((Date.now() - started) / 1000)} s)`);
  draw();
  const timer = setInterval(draw, 1000);
  let stopped = false;
  return {
    update(state) {
      status = state.status;
      if (!stopped) draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write(CLEAR_LINE);
    },
  };
}
