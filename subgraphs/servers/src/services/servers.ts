import { randomUUID } from 'node:crypto';
import { topics, type ServerLifecycleEvent, type ServerStatus } from '@mcp-portal/schema';
import {
  ClientLeftError,
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  requireViewer,
  toolCallAction,
  toolPolicyRefusal,
  type AuditActor,
  type AuditLog,
  type Database,
  type EventBus,
  type Logger,
} from '@mcp-portal/kit';
import { serverStore, type ServerRow } from '../store/servers.ts';
import { serverLogStore, type ServerLogRow } from '../store/server-logs.ts';
import type { CatalogRequirements } from './catalog-requirements.ts';
import type { CatalogService } from './catalog-service.ts';
import type { StatusRecorder } from './lifecycle/status-recorder.ts';
import type { Supervisor } from './lifecycle/supervisor.ts';
import type { Leadership } from './lifecycle/leadership.ts';
import type { UpstreamOwnerClient } from '../upstream-rpc/owner-client.ts';
import type { ToolPolicyService } from './tool-policies.ts';
import { internalActor, SettingsOutcomeUnknownError, type InitialSettingsClient } from './initial-settings-client.ts';
import { serverSettingsSpec } from './server-settings-spec.ts';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const runningStatuses = new Set<ServerStatus>(['starting', 'running', 'unhealthy']);

/** The configuration values (key → JSON value) and secrets (name → value) a server is enabled with. */
export interface EnableSettings {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/**
 * Enabled servers: domain rules only; GraphQL and SQL live elsewhere. Every change is audited. Mutations
 * record what the team wants (desired state) and ask the lifecycle leader — whichever replica holds the
 * lease — to act; the outcome arrives as status transitions.
 */
export class ServerService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly catalog: CatalogService,
    private readonly requirements: CatalogRequirements,
    private readonly events: EventBus,
    private readonly status: StatusRecorder,
    private readonly supervisor: Supervisor,
    /** The replica that runs the lifecycle (this one or another) and how calls reach it. */
    private readonly owner: { leadership: Leadership; client: UpstreamOwnerClient },
    private readonly logger: Logger,
    private readonly toolPolicies: ToolPolicyService,
    /** Where the settings a server is enabled with are stored (the config subgraph). */
    private readonly settings: InitialSettingsClient,
  ) {}

  list(): Promise<ServerRow[]> {
    return serverStore(this.db).list();
  }

  byId(id: string): Promise<ServerRow | null> {
    return serverStore(this.db).byId(id);
  }

  logs(serverId: string, tail: number): Promise<ServerLogRow[]> {
    return serverLogStore(this.db).tail(serverId, tail);
  }

  logLine(id: number): Promise<ServerLogRow | null> {
    return serverLogStore(this.db).byId(id);
  }

  /** With `settings`, see enableWithSettings; without, its configuration and secrets are set afterwards. */
  async enable(name: string, start: boolean, actor: AuditActor, settings?: EnableSettings): Promise<ServerRow> {
    if (settings) return this.enableWithSettings(name, start, settings, actor);
    const viewer = requireViewer(actor.viewer);
    const entry = { action: 'server.enable', targetType: 'Server', detail: { name, start }, targetIdOf: (row: ServerRow) => row.id };
    const row = await this.audit.change(actor, entry, async (tx) => {
      const catalogEntry = await this.catalog.getForEnable(name, tx);
      if (!catalogEntry) throw new NotFoundError(`There is no server named "${name}" in the catalog.`);
      // Enabling without a start is allowed (nothing fails); a start that cannot succeed here is refused up front.
      if (start) this.requirements.ensureRunnable(catalogEntry);
      const inserted = await serverStore(tx).insert(name, viewer.userId, start ? 'running' : 'stopped', start ? 'starting' : 'stopped');
      if (!inserted) throw new ConflictError(`The server "${name}" is already enabled.`);
      return inserted;
    });
    await this.status.announce(row);
    if (start) await this.ask(row.id, 'reconcile');
    return row;
  }

  /**
   * Enables a catalog entry with its configuration values and secrets as one change: everything is checked
   * before anything is written (the entry, that it is not enabled yet, that it can run here when it is to
   * start, then — by the config subgraph, against the entry's config schema and secrets — the settings, and
   * with a start that none is missing). The config subgraph owns the settings, so they are written there in
   * its own transaction, under the id the server is about to have; then the server's row in this one. Should
   * that fail (a concurrent enabling of the same entry won), the settings are withdrawn again. One audit row
   * for the enabling (keys and secret names, never values), and the config subgraph's for each value and secret.
   */
  private async enableWithSettings(name: string, start: boolean, settings: EnableSettings, actor: AuditActor): Promise<ServerRow> {
    const viewer = requireViewer(actor.viewer);
    const serverId = randomUUID();
    const detail = { name, start, config: Object.keys(settings.config), secrets: Object.keys(settings.secrets) };
    const entry = { action: 'server.enable', targetType: 'Server', detail };
    try {
      const catalogEntry = await this.catalog.get(name);
      if (!catalogEntry) throw new NotFoundError(`There is no server named "${name}" in the catalog.`);
      if (start) this.requirements.ensureRunnable(catalogEntry);
      if (await serverStore(this.db).byName(name)) throw new ConflictError(`The server "${name}" is already enabled.`);
      const spec = serverSettingsSpec(name, catalogEntry);
      await this.settings.store({ serverId, spec, ...settings, requireComplete: start, actor: internalActor(actor) });
    } catch (error) {
      if (error instanceof SettingsOutcomeUnknownError) await this.settings.withdraw(serverId, actor);
      await this.audit.failed(actor, entry, error);
      throw error;
    }
    let row: ServerRow;
    try {
      row = await this.audit.change(actor, { ...entry, targetIdOf: (inserted: ServerRow) => inserted.id }, async (tx) => {
        if (!(await this.catalog.getForEnable(name, tx))) throw new NotFoundError(`There is no server named "${name}" in the catalog.`);
        const inserted = await serverStore(tx).insert(name, viewer.userId, start ? 'running' : 'stopped', start ? 'starting' : 'stopped', serverId);
        if (!inserted) throw new ConflictError(`The server "${name}" is already enabled.`);
        return inserted;
      });
    } catch (error) {
      await this.settings.withdraw(serverId, actor);
      throw error;
    }
    await this.status.announce(row);
    if (start) await this.ask(row.id, 'reconcile');
    return row;
  }

  async disable(id: string, actor: AuditActor): Promise<ServerRow> {
    const row = await this.audit.change(actor, { action: 'server.disable', targetType: 'Server', targetId: id }, async (tx) => {
      const deleted = await serverStore(tx).delete(id);
      if (!deleted) throw new NotFoundError(`There is no enabled server with id ${id}.`);
      return deleted;
    });
    await this.ask(id, 'remove');
    await this.events.publish(topics.serverDisabled, { serverId: id }).catch((error: unknown) => {
      this.logger.warn({ err: error, serverId: id }, 'could not announce a disabled server; its configuration stays until the next announcement');
    });
    return row;
  }

  async start(id: string, actor: AuditActor): Promise<ServerRow> {
    const row = await this.audit.change(actor, { action: 'server.start', targetType: 'Server', targetId: id }, async (tx) => {
      const store = serverStore(tx);
      const current = await this.existing(tx, id);
      if (runningStatuses.has(current.status) && current.desiredState === 'running')
        throw new ConflictError(`${current.catalogName} is already ${current.status}.`);
      await this.ensureRunnable(current);
      return (await store.setDesired(id, 'running', 'starting', { lastError: null, restartCount: 0 })) ?? current;
    });
    await this.status.announce(row);
    await this.ask(id, 'reconcile');
    return row;
  }

  async stop(id: string, actor: AuditActor): Promise<ServerRow> {
    const row = await this.audit.change(actor, { action: 'server.stop', targetType: 'Server', targetId: id }, async (tx) => {
      const current = await this.existing(tx, id);
      if (current.desiredState === 'stopped' && (current.status === 'stopped' || current.status === 'failed')) {
        throw new ConflictError(`${current.catalogName} is already ${current.status}.`);
      }
      const idle = current.status === 'stopped' || current.status === 'failed';
      return (await serverStore(tx).setDesired(id, 'stopped', idle ? 'stopped' : 'stopping')) ?? current;
    });
    await this.status.announce(row);
    await this.ask(id, 'stop');
    return row;
  }

  async restart(id: string, actor: AuditActor): Promise<ServerRow> {
    return this.replace(id, 'restart', actor);
  }

  /** Reads the catalog entry again and replaces the instance (a new image or package version takes effect). */
  async update(id: string, actor: AuditActor): Promise<ServerRow> {
    return this.replace(id, 'update', actor);
  }

  /**
   * Calls a tool of a running server; audited without the arguments (they may hold secrets), with the facts
   * the gateway-proxy records for its calls (`via`, `durationMs`: the call on the owner). A call the tool
   * policy refuses (disabled, or admin-only for an operator) is FORBIDDEN and audited as denied. When `signal` aborts
   * (the caller left), the server's request is cancelled (notifications/cancelled) and the call audited as a failure.
   */
  async callTool(serverId: string, tool: string, args: Record<string, unknown>, actor: AuditActor, signal?: AbortSignal): Promise<CallToolResult> {
    const viewer = requireViewer(actor.viewer);
    const server = await this.byId(serverId);
    if (!server) throw new NotFoundError(`There is no enabled server with id ${serverId}.`);
    const entry = { action: toolCallAction, targetType: 'Server', targetId: serverId, detail: { server: server.catalogName, tool, via: 'graphql' } };
    const refusal = toolPolicyRefusal(server.catalogName, tool, (await this.toolPolicies.get(serverId, tool)) ?? undefined, viewer.role);
    if (refusal) {
      await this.audit.record(actor, { ...entry, detail: { ...entry.detail, error: refusal, code: 'FORBIDDEN' } }, 'denied');
      throw new ForbiddenError(refusal);
    }
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const result = await this.callOnOwner(serverId, server.catalogName, tool, args, signal);
      await this.audit.record(actor, { ...entry, detail: { ...entry.detail, durationMs: durationMs(), isError: result.isError === true } }, 'success');
      return result;
    } catch (error) {
      const failure = signal?.aborted ? new ClientLeftError(`The caller left before ${tool} answered: the call was cancelled.`) : error;
      const message = failure instanceof Error ? failure.message : String(failure);
      await this.audit.record(actor, { ...entry, detail: { ...entry.detail, durationMs: durationMs(), error: message } }, 'failure');
      throw failure;
    }
  }

  /** On the replica running the lifecycle, through its own session; elsewhere through that replica's internal endpoint. */
  private async callOnOwner(serverId: string, name: string, tool: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult> {
    if (this.owner.leadership.isLeader) return this.supervisor.callTool(serverId, tool, args, signal);
    try {
      return await this.owner.client.callTool(serverId, tool, args, signal ? { signal } : {});
    } catch (error) {
      // As the supervisor says it: the server's own refusal is the caller's input.
      if (error instanceof McpError) throw new InvalidInputError(`${name} refused the call to ${tool}: ${error.message}`);
      throw error;
    }
  }

  async setStatus(id: string, status: ServerStatus, lastError: string | null, actor: AuditActor): Promise<ServerRow> {
    const entry = { action: 'server.set-status', targetType: 'Server', targetId: id, detail: { status, lastError } };
    const row = await this.audit.change(actor, entry, async (tx) => {
      const updated = await serverStore(tx).setStatus(id, status, { lastError });
      if (!updated) throw new NotFoundError(`There is no enabled server with id ${id}.`);
      return updated;
    });
    await this.status.announce(row);
    return row;
  }

  private async replace(id: string, action: 'restart' | 'update', actor: AuditActor): Promise<ServerRow> {
    const row = await this.audit.change(actor, { action: `server.${action}`, targetType: 'Server', targetId: id }, async (tx) => {
      const current = await this.existing(tx, id);
      await this.ensureRunnable(current);
      const active = current.status === 'running' || current.status === 'unhealthy' || current.status === 'starting';
      return (await serverStore(tx).setDesired(id, 'running', active ? 'stopping' : 'starting', { restartCount: 0 })) ?? current;
    });
    await this.status.announce(row);
    await this.ask(id, action);
    return row;
  }

  private async existing(tx: Database, id: string): Promise<ServerRow> {
    const row = await serverStore(tx).byIdForUpdate(id);
    if (!row) throw new NotFoundError(`There is no enabled server with id ${id}.`);
    return row;
  }

  /** Refuses to start a server whose catalog entry this platform cannot run (a vanished entry is the lifecycle's to report). */
  private async ensureRunnable(server: ServerRow): Promise<void> {
    const entry = await this.catalog.get(server.catalogName);
    if (entry) this.requirements.ensureRunnable(entry);
  }

  /** Hands the work to the lifecycle leader (this replica or another one) over the event bus. */
  private async ask(serverId: string, action: ServerLifecycleEvent['action']): Promise<void> {
    try {
      await this.events.publish(topics.serverLifecycle, { serverId, action });
    } catch (error) {
      this.logger.error({ err: error, serverId, action }, 'could not reach the server lifecycle; the next reconciliation will catch up');
    }
  }
}
