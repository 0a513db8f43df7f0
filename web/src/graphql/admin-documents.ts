import { gql, type TypedDocumentNode } from '@apollo/client';
import type { RoleValue } from '@mcp-portal/schema/operations';

/**
 * Operations of the account, users and audit pages. The shared documents in @mcp-portal/schema cover
 * the servers view only; these live with the portal until the CLI needs them too.
 */

export interface UserDetail {
  id: string;
  email: string;
  displayName: string | null;
  role: RoleValue;
  createdAt: string;
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
  sourceIp: string | null;
  subgraph: string;
}

export interface AuditEventFilterInput {
  actorId?: string | null;
  action?: string | null;
  targetId?: string | null;
  from?: string | null;
  to?: string | null;
}

const userFields = 'id email displayName role createdAt';
const apiTokenFields = 'id name role createdAt expiresAt lastUsedAt revokedAt';
const auditEventFields = 'id occurredAt actorId actorEmail action targetType targetId outcome detail sourceIp subgraph';

export const UsersDocument: TypedDocumentNode<{ users: UserDetail[] }, Record<string, never>> = gql(`
  query Users {
    users { ${userFields} }
  }
`);

export interface CreateUserVariables {
  email: string;
  password: string;
  role: RoleValue;
  displayName?: string | null;
}
export const CreateUserDocument: TypedDocumentNode<{ createUser: UserDetail }, CreateUserVariables> = gql(`
  mutation CreateUser($email: String!, $password: String!, $role: Role!, $displayName: String) {
    createUser(email: $email, password: $password, role: $role, displayName: $displayName) { ${userFields} }
  }
`);

export const ChangePasswordDocument: TypedDocumentNode<{ changePassword: boolean }, { currentPassword: string; newPassword: string }> = gql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export const ApiTokensDocument: TypedDocumentNode<{ apiTokens: ApiTokenSummary[] }, Record<string, never>> = gql(`
  query ApiTokens {
    apiTokens { ${apiTokenFields} }
  }
`);

export interface CreateApiTokenResult {
  createApiToken: { token: string; apiToken: ApiTokenSummary };
}
export const CreateApiTokenDocument: TypedDocumentNode<CreateApiTokenResult, { name: string; role: RoleValue; expiresAt?: string | null }> = gql(`
  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {
    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {
      token
      apiToken { ${apiTokenFields} }
    }
  }
`);

export const RevokeApiTokenDocument: TypedDocumentNode<{ revokeApiToken: { id: string; revokedAt: string | null } }, { id: string }> = gql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { id revokedAt }
  }
`);

export interface AuditEventsResult {
  auditEvents: { events: AuditEventSummary[]; endCursor: string | null; hasNextPage: boolean };
}
export interface AuditEventsVariables {
  filter?: AuditEventFilterInput | null;
  first?: number | null;
  after?: string | null;
}
export const AuditEventsDocument: TypedDocumentNode<AuditEventsResult, AuditEventsVariables> = gql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      events { ${auditEventFields} }
      endCursor
      hasNextPage
    }
  }
`);

export const AuditEventAddedDocument: TypedDocumentNode<{ auditEventAdded: AuditEventSummary }, Record<string, never>> = gql(`
  subscription AuditEventAdded {
    auditEventAdded { ${auditEventFields} }
  }
`);
