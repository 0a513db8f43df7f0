/**
 * Operation documents only the CLI uses (API tokens, the audit log), with their result types, in the style
 * of `@mcp-portal/schema/operations`, which holds the shared ones (login, me, servers…).
 */
import type { RoleValue } from '@mcp-portal/schema/operations';

export interface ApiTokenSummary {
  id: string;
  name: string;
  role: RoleValue;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const apiTokensQuery = /* GraphQL */ `
  query ApiTokens {
    apiTokens { id name role createdAt expiresAt lastUsedAt revokedAt }
  }
`;
export interface ApiTokensResult {
  apiTokens: ApiTokenSummary[];
}

export const createApiTokenMutation = /* GraphQL */ `
  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {
    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {
      token
      apiToken { id name role expiresAt }
    }
  }
`;
export interface CreateApiTokenResult {
  createApiToken: { token: string; apiToken: Pick<ApiTokenSummary, 'id' | 'name' | 'role' | 'expiresAt'> };
}

export const revokeApiTokenMutation = /* GraphQL */ `
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { id revokedAt }
  }
`;
export interface RevokeApiTokenResult {
  revokeApiToken: { id: string; revokedAt: string | null };
}

export type AuditOutcomeValue = 'SUCCESS' | 'FAILURE';

export interface AuditEventSummary {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  outcome: AuditOutcomeValue;
  detail: unknown;
  requestId: string | null;
  sourceIp: string | null;
  subgraph: string;
}

/** The fields of an audit event, in the order `--format csv` writes them. */
export const auditEventFieldNames = [
  'id',
  'occurredAt',
  'actorId',
  'actorEmail',
  'action',
  'targetType',
  'targetId',
  'outcome',
  'detail',
  'requestId',
  'sourceIp',
  'subgraph',
] as const satisfies readonly (keyof AuditEventSummary)[];

const auditEventFields = auditEventFieldNames.join('\n  ');

export interface AuditEventFilterInput {
  actorId?: string;
  action?: string;
  targetId?: string;
  /** ISO-8601 timestamps. */
  from?: string;
  to?: string;
}

export const auditEventsQuery = /* GraphQL */ `
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      events { ${auditEventFields} }
      endCursor
      hasNextPage
    }
  }
`;
export interface AuditEventsResult {
  auditEvents: { events: AuditEventSummary[]; endCursor: string | null; hasNextPage: boolean };
}

export const auditEventAddedSubscription = /* GraphQL */ `
  subscription AuditEventAdded {
    auditEventAdded { ${auditEventFields} }
  }
`;
export interface AuditEventAddedResult {
  auditEventAdded: AuditEventSummary;
}
