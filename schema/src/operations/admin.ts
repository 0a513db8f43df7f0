/**
 * Account, API token and audit-log operations shared by the portal and the CLI, with their result types.
 */
import type { RoleValue } from './index.ts';

export interface UserDetail {
  id: string;
  email: string;
  displayName: string | null;
  role: RoleValue;
  createdAt: string;
}

const userFields = 'id email displayName role createdAt';

export const usersQuery = /* GraphQL */ `
  query Users {
    users { ${userFields} }
  }
`;
export interface UsersResult {
  users: UserDetail[];
}

export const createUserMutation = /* GraphQL */ `
  mutation CreateUser($email: String!, $password: String!, $role: Role!, $displayName: String) {
    createUser(email: $email, password: $password, role: $role, displayName: $displayName) { ${userFields} }
  }
`;
export interface CreateUserResult {
  createUser: UserDetail;
}

export const changePasswordMutation = /* GraphQL */ `
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`;
export interface ChangePasswordResult {
  changePassword: boolean;
}

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
      apiToken { id name role createdAt expiresAt lastUsedAt revokedAt }
    }
  }
`;
export interface CreateApiTokenResult {
  createApiToken: { token: string; apiToken: ApiTokenSummary };
}

export const revokeApiTokenMutation = /* GraphQL */ `
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { id revokedAt }
  }
`;
export interface RevokeApiTokenResult {
  revokeApiToken: { id: string; revokedAt: string | null };
}

export type AuditOutcomeValue = 'SUCCESS' | 'FAILURE' | 'DENIED';

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
  actorId?: string | null;
  action?: string | null;
  targetId?: string | null;
  /** ISO-8601 timestamps. */
  from?: string | null;
  to?: string | null;
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
