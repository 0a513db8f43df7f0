import type { ServerStatus } from '../tables/servers.ts';

/** Pub/sub topics: subgraphs publish, the router subscribes once per topic per process. */
export const topics = {
  serverStatusChanged: 'servers.status-changed',
  auditEventAdded: 'audit.event-added',
  /** Internal: routers drop cached exchanges of a revoked API token, or of every token of a disabled user. */
  apiTokensRevoked: 'auth.api-tokens-revoked',
} as const;
export type Topic = (typeof topics)[keyof typeof topics];

export interface ServerStatusChangedEvent {
  id: string;
  status: ServerStatus;
  at: string;
}

export interface AuditEventAddedEvent {
  id: string;
}

export type ApiTokensRevokedEvent = { tokenId: string } | { userId: string };

export interface TopicPayloads {
  [topics.serverStatusChanged]: ServerStatusChangedEvent;
  [topics.auditEventAdded]: AuditEventAddedEvent;
  [topics.apiTokensRevoked]: ApiTokensRevokedEvent;
}

/**
 * How the router feeds a subscription root field: which topic carries its events, which event field
 * identifies the entity, which optional argument filters by that identity, and which Query field
 * re-reads the entity so the rest of the selection is resolved through normal federated execution.
 */
export interface SubscriptionFeed {
  topic: Topic;
  eventKey: string;
  /** The argument that narrows the feed to one entity, when the field has one. */
  filterArgument?: string;
  entityQueryField: string;
  entityQueryArgument: string;
}

export const subscriptionFeeds: Record<string, SubscriptionFeed> = {
  serverStatusChanged: {
    topic: topics.serverStatusChanged,
    eventKey: 'id',
    filterArgument: 'id',
    entityQueryField: 'server',
    entityQueryArgument: 'id',
  },
  auditEventAdded: {
    topic: topics.auditEventAdded,
    eventKey: 'id',
    entityQueryField: 'auditEvent',
    entityQueryArgument: 'id',
  },
};
