import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ShutdownSteps, type Database, type EventBus, type Logger, type PeerDirectory, type SecretBox } from '@mcp-portal/kit';
import { topics } from '@mcp-portal/schema';
import { DockerRuntime, ProcessRuntime } from '../../runtime/index.ts';
import type { CatalogService } from '../catalog-service.ts';
import { defaultPeerRetry, LaunchConfigSource } from './launch-config.ts';
import type { RuntimeSituation } from './launch-plan.ts';
import { Leadership } from './leadership.ts';
import { LogWriter } from './log-writer.ts';
import type { StatusRecorder } from './status-recorder.ts';
import { Supervisor } from './supervisor.ts';
import type { LifecycleSettings } from '../../settings.ts';

export interface Lifecycle {
  supervisor: Supervisor;
  leadership: Leadership;
  /** What was found at start (MCP_RUNTIME, a container engine answering or not): servers launch by it. */
  situation: RuntimeSituation;
  /** Stops every server this replica runs and its runtimes; `steps` names each part. */
  close(steps?: ShutdownSteps): Promise<void>;
}

/**
 * Wires the server lifecycle: runtimes (local processes always; containers when an engine answers), the
 * supervisor, the leader lease, and the lifecycle requests other replicas send over the event bus.
 */
export interface LifecycleDeps {
  db: Database;
  events: EventBus;
  logger: Logger;
  secrets: SecretBox;
  peers: PeerDirectory | undefined;
  catalog: CatalogService;
  status: StatusRecorder;
  settings: LifecycleSettings;
}

export async function startLifecycle(deps: LifecycleDeps): Promise<Lifecycle> {
  const { settings } = deps;
  const processRuntime = new ProcessRuntime();
  let docker: DockerRuntime | null = null;
  if (settings.MCP_RUNTIME !== 'process') {
    const candidate = new DockerRuntime({ dockerHost: settings.DOCKER_HOST });
    if (await candidate.available()) docker = candidate;
    else if (settings.MCP_RUNTIME === 'docker')
      deps.logger.warn({ dockerHost: candidate.address }, 'MCP_RUNTIME=docker but no container engine answers; image servers will fail until one does');
  }
  deps.logger.info(
    { containers: docker ? docker.address : null },
    docker ? 'MCP servers with an image run as containers' : 'no container engine: MCP servers run as local processes',
  );
  const situation: RuntimeSituation = { preference: settings.MCP_RUNTIME, dockerAvailable: docker !== null };
  const logs = new LogWriter(deps.db, deps.events, deps.logger);
  const config = new LaunchConfigSource(deps.secrets, deps.peers, deps.logger, { ...defaultPeerRetry, waitMs: settings.MCP_CONFIG_WAIT_SECONDS * 1000 });
  const supervisor = new Supervisor(
    deps.db,
    deps.catalog,
    config,
    { process: processRuntime, docker },
    deps.status,
    logs,
    {
      launch: {
        preference: situation.preference,
        cpus: settings.MCP_SERVER_CPUS,
        memoryBytes: settings.MCP_SERVER_MEMORY_MB * 1024 * 1024,
        serversDataDir: resolve(settings.MCP_DATA_DIR, 'servers'),
        platformDataDir: resolve(settings.MCP_DATA_DIR),
      },
      handshakeTimeoutMs: settings.MCP_HANDSHAKE_TIMEOUT_SECONDS * 1000,
      healthIntervalMs: settings.MCP_HEALTH_INTERVAL_SECONDS * 1000,
      healthTimeoutMs: settings.MCP_HEALTH_TIMEOUT_SECONDS * 1000,
      restartAfterFailedPings: 3,
      maxRestarts: settings.MCP_MAX_RESTARTS,
      stopTimeoutMs: 5_000,
      toolCallTimeoutMs: settings.MCP_TOOL_CALL_TIMEOUT_SECONDS * 1000,
    },
    deps.logger,
  );
  const unsubscribe = await deps.events.subscribe(topics.serverLifecycle, (event) => void supervisor.request(event.serverId, event.action));
  // A team OAuth connection authorized or revoked (the dcr subgraph's): the server connects again with it, or stops using it.
  const unsubscribeOAuth = await deps.events.subscribe(topics.oauthConnectionChanged, (event) => {
    if (event.userId === null) void supervisor.authorizationChanged(event.serverId);
  });
  const leaseMs = settings.MCP_LIFECYCLE_LEASE_SECONDS * 1000;
  const leadership = new Leadership(deps.db, deps.logger, (leading) => (leading ? supervisor.activate() : supervisor.deactivate()), {
    renewMs: Math.floor(leaseMs / 3),
    ttlMs: leaseMs,
  });
  // Servers start only once the config subgraph (their configuration and secrets) answers: in one process it
  // starts after this subgraph, and in several it may come later. Until then this replica does not take the lease.
  let closed = false;
  const waiting = new AbortController();
  let started: Promise<void> = Promise.resolve();
  if (!config.hasConfigSubgraph || (await config.answers())) {
    await leadership.start();
  } else {
    started = waitForConfigSubgraph(config, deps.logger, waiting.signal)
      .then((ready) => (ready && !closed ? leadership.start() : undefined))
      .catch((error: unknown) => deps.logger.error({ err: error }, 'the server lifecycle did not start'));
  }
  return {
    supervisor,
    leadership,
    situation,
    async close(steps = new ShutdownSteps(deps.logger)) {
      if (closed) return;
      closed = true;
      waiting.abort();
      await started;
      await unsubscribe();
      await unsubscribeOAuth();
      await steps.run('servers: stopping the running servers', () => leadership.stop());
      await steps.run('servers: local processes', () => processRuntime.close());
      await steps.run('servers: containers', () => docker?.close());
    },
  };
}

/** Asks the config subgraph's /health until it answers 200 (true), or until `signal` aborts (false). */
async function waitForConfigSubgraph(config: LaunchConfigSource, logger: Logger, signal: AbortSignal): Promise<boolean> {
  const since = Date.now();
  let toldAt = 0;
  for (let delay = 250; !signal.aborted; delay = Math.min(delay * 2, 2_000)) {
    if (await config.answers()) {
      if (toldAt > 0) logger.info({ waitedSeconds: Math.round((Date.now() - since) / 1000) }, 'the config subgraph answers: running the server lifecycle');
      return true;
    }
    // In one process the config subgraph answers a moment later: only a longer wait is worth a line.
    const waitedSeconds = Math.round((Date.now() - since) / 1000);
    if (waitedSeconds >= 5 && Date.now() - toldAt >= 30_000) {
      if (toldAt === 0) logger.info('waiting for the config subgraph to answer before starting servers');
      else logger.warn({ waitedSeconds }, 'still waiting for the config subgraph (SUBGRAPH_CONFIG_URL) to answer; no server starts until it does');
      toldAt = Date.now();
    }
    await sleep(delay, undefined, { signal }).catch(() => undefined);
  }
  return false;
}
