import type { ServerStatus } from '../tables/servers.ts';

/** Pub/sub topics: subgraphs publish, the router subscribes once per topic per process. */
export const topics = {
  serverStatusChanged: 'servers.status-changed',
  auditEventAdded: 'audit.event-added',
  /** The audit rows of tool calls (action `tool.call`), as they are written: the live tool-call activity. */
  toolCallRecorded: 'audit.tool-call-recorded',
  serverLogLine: 'servers.log-line',
  /** Internal: a server was disabled; the config subgraph forgets its configuration and secrets. */
  serverDisabled: 'servers.disabled',
  /** Internal: a replica asks the lifecycle leader to act on a server (start, stop, …). */
  serverLifecycle: 'servers.lifecycle',
  /** Internal: a running server's prompts or resources may have changed (it sent a list_changed); gateway-proxies list again. */
  serverContentChanged: 'servers.content-changed',
  /** Internal: a running server sent notifications/resources/updated for a URI a gateway-proxy subscribed to through the lifecycle owner. */
  serverResourceUpdated: 'servers.resource-updated',
  serverElicitationCompleted: 'servers.elicitation-completed',
  /** Internal: routers drop cached exchanges of a revoked API token, or of every token of a disabled user. */
  apiTokensRevoked: 'auth.api-tokens-revoked',
  /** Internal: a server's secret was set or removed; gateway-proxies read the values they refuse to pass again. */
  secretsChanged: 'config.secrets-changed',
  /** A connection to a remote MCP server's authorization server changed (status, scopes, expiry): issue 13. */
  oauthConnectionChanged: 'dcr.oauth-connection-changed',
  /** An execution of the executor changed (queued, position, running, finished): issue 15. */
  executionChanged: 'executor.execution-changed',
  /** Output an execution printed was stored (the rows' ids, in order). */
  executionOutput: 'executor.execution-output',
  /** Internal: cancel an execution; the executor replica that owns it does. */
  executionCancelRequested: 'executor.cancel-requested',
} as const;
export type Topic = (typeof topics)[keyof typeof topics];

export interface ServerStatusChangedEvent {
  id: string;
  status: ServerStatus;
  at: string;
}

/** A new audit row (`id`), or the rows one statement wrote, in order (`ids`: one announcement for a batch). */
export type AuditEventAddedEvent = { id: string } | { ids: string[] };

/** The audit rows an announcement is about, in order. */
export function auditEventIdsOf(event: AuditEventAddedEvent): string[] {
  return 'ids' in event ? event.ids : [event.id];
}

/** The audit rows (action `tool.call`) one write recorded, in order. */
export interface ToolCallRecordedEvent {
  ids: string[];
}

export interface ServerLogLineEvent {
  /** The log line's id (a number, as a string). */
  id: string;
  serverId: string;
}

export interface ServerDisabledEvent {
  serverId: string;
}

export interface SecretsChangedEvent {
  serverId: string;
}

export interface ServerLifecycleEvent {
  serverId: string;
  action: 'reconcile' | 'stop' | 'restart' | 'update' | 'remove';
}

export interface ServerContentChangedEvent {
  at: string;
}

export interface ServerResourceUpdatedEvent {
  serverId: string;
  uri: string;
}

/** A server's notifications/elicitation/complete: the out-of-band interaction of a URL elicitation ended. */
export interface ServerElicitationCompletedEvent {
  serverId: string;
  elicitationId: string;
}

export type ApiTokensRevokedEvent = { tokenId: string } | { userId: string };

/** The same shape as the dcr subgraph's upstream-oauth contract's OAuthConnectionChangedEvent. */
export interface OAuthConnectionChangedEvent {
  id: string;
  serverId: string;
  /** null for a team connection. */
  userId: string | null;
}

export interface ExecutionChangedEvent {
  id: string;
  /** Who started it: only they and admins follow it. */
  userId: string;
}

export interface ExecutionOutputEvent {
  /** The output rows stored, in order. */
  ids: string[];
  executionId: string;
  userId: string;
}

export interface ExecutionCancelRequestedEvent {
  id: string;
}

export interface TopicPayloads {
  [topics.serverStatusChanged]: ServerStatusChangedEvent;
  [topics.auditEventAdded]: AuditEventAddedEvent;
  [topics.toolCallRecorded]: ToolCallRecordedEvent;
  [topics.apiTokensRevoked]: ApiTokensRevokedEvent;
  [topics.serverLogLine]: ServerLogLineEvent;
  [topics.serverLifecycle]: ServerLifecycleEvent;
  [topics.serverDisabled]: ServerDisabledEvent;
  [topics.secretsChanged]: SecretsChangedEvent;
  [topics.serverContentChanged]: ServerContentChangedEvent;
  [topics.serverResourceUpdated]: ServerResourceUpdatedEvent;
  [topics.serverElicitationCompleted]: ServerElicitationCompletedEvent;
  [topics.oauthConnectionChanged]: OAuthConnectionChangedEvent;
  [topics.executionChanged]: ExecutionChangedEvent;
  [topics.executionOutput]: ExecutionOutputEvent;
  [topics.executionCancelRequested]: ExecutionCancelRequestedEvent;
}

/**
 * How the router feeds a subscription root field: which topic carries its events, which event field
 * identifies the entity, which optional argument filters by that identity, and which Query field
 * re-reads the entity so the rest of the selection is resolved through normal federated execution.
 */
export interface SubscriptionFeed {
  topic: Topic;
  eventKey: string;
  /** The event field that carries several entities' identities at once (a batch), delivered one by one, in order. */
  eventListKey?: string;
  /** The argument that narrows the feed, when the field has one. */
  filterArgument?: string;
  /** The event field the filter argument is compared with (default: eventKey). */
  filterEventKey?: string;
  /**
   * What a new subscriber may receive first: with `countArgument` > 0, the last items read through
   * `queryField(queryArgument: <filter value>) { listField(listCountArgument: <count>) { …selection } }`.
   */
  replay?: { countArgument: string; maxCount: number; queryField: string; queryArgument: string; listField: string; listCountArgument: string };
  entityQueryField: string;
  entityQueryArgument: string;
  /**
   * The event field naming the user the entity belongs to (null: the whole team's), for a feed whose entities
   * are private: a subscriber who is not an admin gets only their own and the team's, resolved with their own
   * authorization (never in a group with other users).
   */
  ownerEventKey?: string;
}

export const subscriptionFeeds: Record<string, SubscriptionFeed> = {
  serverStatusChanged: {
    topic: topics.serverStatusChanged,
    eventKey: 'id',
    filterArgument: 'id',
    entityQueryField: 'server',
    entityQueryArgument: 'id',
  },
  serverLogs: {
    topic: topics.serverLogLine,
    eventKey: 'id',
    filterArgument: 'serverId',
    filterEventKey: 'serverId',
    replay: { countArgument: 'tail', maxCount: 1000, queryField: 'server', queryArgument: 'id', listField: 'logs', listCountArgument: 'tail' },
    entityQueryField: 'serverLogLine',
    entityQueryArgument: 'id',
  },
  auditEventAdded: {
    topic: topics.auditEventAdded,
    eventKey: 'id',
    eventListKey: 'ids',
    entityQueryField: 'auditEvent',
    entityQueryArgument: 'id',
  },
  toolCallRecorded: {
    topic: topics.toolCallRecorded,
    eventKey: 'id',
    eventListKey: 'ids',
    entityQueryField: 'toolCallEvent',
    entityQueryArgument: 'id',
  },
  oauthConnectionChanged: {
    topic: topics.oauthConnectionChanged,
    eventKey: 'id',
    filterArgument: 'serverId',
    filterEventKey: 'serverId',
    ownerEventKey: 'userId',
    entityQueryField: 'oauthConnection',
    entityQueryArgument: 'id',
  },
  executionChanged: {
    topic: topics.executionChanged,
    eventKey: 'id',
    filterArgument: 'id',
    ownerEventKey: 'userId',
    entityQueryField: 'execution',
    entityQueryArgument: 'id',
  },
  executionOutput: {
    topic: topics.executionOutput,
    eventKey: 'id',
    eventListKey: 'ids',
    filterArgument: 'id',
    filterEventKey: 'executionId',
    ownerEventKey: 'userId',
    replay: { countArgument: 'last', maxCount: 5000, queryField: 'execution', queryArgument: 'id', listField: 'output', listCountArgument: 'last' },
    entityQueryField: 'executionOutputChunk',
    entityQueryArgument: 'id',
  },
};
