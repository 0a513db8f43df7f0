import { enableServerMutation, serverListQuery, startServerMutation, type ServerStateView } from './operations.ts';
import { graphqlRequest } from './client.ts';
import type { Request } from './servers.ts';
import type { ProgressStream } from './progress.ts';
import { actAndWait, lifecycleProgress } from './server-wait.ts';

/**
 * On the local platform `gateway run --servers a,b` also runs those servers: each one not enabled yet is enabled
 * from the catalog, each one stopped or failed is started, and the command waits until all are RUNNING (progress
 * on `stream`), as `docker mcp server enable NAME --wait` would. Returns the lines to report.
 */
export async function ensureServersRunning(options: {
  url: string;
  token: string;
  names: readonly string[];
  stream: ProgressStream;
  timeoutMs: number;
}): Promise<string[]> {
  const { url, token } = options;
  const request: Request = (document, variables) => graphqlRequest({ url, token }, document, variables);
  const current = async (name: string) => (await request(serverListQuery)).servers.find((server) => server.name === name) ?? null;
  const report: string[] = [];
  for (const name of options.names) {
    const initial = await current(name);
    if (initial && (initial.status === 'RUNNING' || initial.status === 'UNHEALTHY')) continue;
    let act: () => Promise<ServerStateView>;
    if (!initial) act = async () => (await request(enableServerMutation, { name, start: true })).enableServer;
    else if (initial.status === 'STARTING' && initial.desiredState === 'RUNNING') act = async () => (await current(name)) ?? initial;
    else act = async () => (await request(startServerMutation, { id: initial.id })).startServer;
    const progress = lifecycleProgress(options.stream, `${initial ? 'Starting' : 'Enabling and starting'} ${name}`);
    try {
      const state = await actAndWait({
        url,
        token,
        name,
        ...(initial ? { serverId: initial.id } : {}),
        matches: (state) => state.name === name,
        goal: 'RUNNING',
        initial,
        act,
        timeoutMs: options.timeoutMs,
        onState: (state) => progress.update(state),
      });
      report.push(`${initial ? 'Started' : 'Enabled and started'} ${name} (${state.tools.length} tool${state.tools.length === 1 ? '' : 's'}).`);
    } finally {
      progress.stop();
    }
  }
  return report;
}
