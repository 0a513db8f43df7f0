import { Args, Flags } from '@oclif/core';
import { restartServerMutation, startServerMutation, stopServerMutation, type ServerStateView } from './operations.ts';
import { PortalCommand } from './base-command.ts';
import { resolveServerState, type Request } from './servers.ts';
import { actAndWait, lifecycleProgress, WaitInterrupted, type LifecycleGoal } from './server-wait.ts';
import { requireToken, type ResolvedSettings } from './settings.ts';

/** The most a wait may last by default: a local process starts in seconds, an image may need a pull. */
export const DEFAULT_WAIT_SECONDS = 120;

export const timeoutFlag = Flags.integer({
  summary: `Seconds to wait at most with --wait (default ${DEFAULT_WAIT_SECONDS}); then exit 1 (the router carries on).`,
  min: 1,
  default: DEFAULT_WAIT_SECONDS,
  helpValue: '<seconds>',
});

export type LifecycleAction = 'start' | 'stop' | 'restart';

const ACTIONS: Record<LifecycleAction, { goal: LifecycleGoal; doing: string; done: string; act: (request: Request, id: string) => Promise<ServerStateView> }> =
  {
    start: {
      goal: 'RUNNING',
      doing: 'Starting',
      done: 'Started',
      act: async (request, id) => (await request(startServerMutation, { id })).startServer,
    },
    stop: {
      goal: 'STOPPED',
      doing: 'Stopping',
      done: 'Stopped',
      act: async (request, id) => (await request(stopServerMutation, { id })).stopServer,
    },
    restart: {
      goal: 'RUNNING',
      doing: 'Restarting',
      done: 'Restarted',
      act: async (request, id) => (await request(restartServerMutation, { id })).restartServer,
    },
  };

/** The argument and flags of `server start|stop|restart`. */
export const lifecycleArgs = {
  server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
};
export function lifecycleFlags(goal: LifecycleGoal) {
  return {
    wait: Flags.boolean({
      summary: `Wait until the server is ${goal}, with progress on stderr (the default; --no-wait returns at once).`,
      allowNo: true,
      default: true,
    }),
    timeout: timeoutFlag,
    json: Flags.boolean({ summary: 'Print the server as JSON (its final state with --wait).', default: false }),
  };
}

/** `Started memory (RUNNING, 9 tools)`. */
export function reachedLine(verb: string, state: ServerStateView): string {
  if (state.status !== 'RUNNING') return `${verb} ${state.name}`;
  return `${verb} ${state.name} (RUNNING, ${state.tools.length} tool${state.tools.length === 1 ? '' : 's'})`;
}

/**
 * Base of the `server` and `tools` commands: requests bound to the settings, and the state changes that
 * may wait (`actAndWait` with progress on stderr; Ctrl-C exits 130 with a note of where the server was).
 */
export abstract class ServerCommand extends PortalCommand {
  /** Operations with the login of `settings` (UNAUTHENTICATED answers say to run `docker mcp login`). */
  protected requester(settings: ResolvedSettings): Request {
    return (document, variables) => this.authenticatedRequest(settings, document, variables);
  }

  /** `server start|stop|restart`: resolves the server, runs the mutation, waits unless --no-wait, prints the outcome. */
  protected async changeState(
    action: LifecycleAction,
    ref: string,
    flags: { url?: string | undefined; wait: boolean; timeout: number; json: boolean },
  ): Promise<void> {
    const settings = await this.settings(flags.url);
    const spec = ACTIONS[action];
    const request = this.requester(settings);
    const initial = await resolveServerState(request, ref);
    const act = () => spec.act(request, initial.id);
    if (!flags.wait) {
      const state = await act();
      if (flags.json) this.printJson(state);
      else this.log(`${spec.doing} ${state.name} (${state.status})`);
      return;
    }
    const state = await this.actAndFollow(settings, {
      name: initial.name,
      serverId: initial.id,
      initial,
      goal: spec.goal,
      label: `${spec.doing} ${initial.name}`,
      timeoutSeconds: flags.timeout,
      act,
    });
    if (flags.json) this.printJson(state);
    else this.log(reachedLine(spec.done, state));
  }

  protected async actAndFollow(
    settings: ResolvedSettings,
    options: {
      name: string;
      serverId?: string;
      initial: ServerStateView | null;
      goal: LifecycleGoal;
      /** `Starting memory` */
      label: string;
      timeoutSeconds: number;
      act: () => Promise<ServerStateView>;
    },
  ): Promise<ServerStateView> {
    const token = requireToken(settings);
    const cancel = new AbortController();
    const onSigint = () => cancel.abort(new WaitInterrupted(130));
    const onSigterm = () => cancel.abort(new WaitInterrupted(143));
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
    const progress = lifecycleProgress(process.stderr, options.label);
    let last: ServerStateView | null = options.initial;
    try {
      return await actAndWait({
        url: settings.url,
        token,
        name: options.name,
        ...(options.serverId ? { serverId: options.serverId } : {}),
        matches: (state) => (options.serverId ? state.id === options.serverId : state.name === options.name),
        goal: options.goal,
        initial: options.initial,
        act: options.act,
        timeoutMs: options.timeoutSeconds * 1000,
        onState: (state) => {
          last = state;
          progress.update(state);
        },
        signal: cancel.signal,
      });
    } catch (error) {
      progress.stop();
      if (error instanceof WaitInterrupted) {
        this.logToStderr(`Stopped waiting: ${options.name} is ${last?.status ?? 'unknown'}; the router carries on.`);
        this.exit(error.exitCode);
      }
      throw error;
    } finally {
      progress.stop();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    }
  }
}
