import { graphql } from '../gql/index.ts';
import type { ApiTokenFieldsFragment, AuditEventFieldsFragment, UserFieldsFragment } from '../gql/graphql.ts';

/** The account, users and audit documents; their types are generated (`npm run codegen`). */

export type { AuditEventFilter, AuditEventsQuery, AuditOutcome, CreateApiTokenMutation, CreateUserMutationVariables, Role } from '../gql/graphql.ts';
export type UserDetail = UserFieldsFragment;
export type ApiTokenSummary = ApiTokenFieldsFragment;
export type AuditEventSummary = AuditEventFieldsFragment;

graphql(`
  fragment UserFields on User {
    id
    email
    displayName
    role
    createdAt
  }
`);

graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    role
    createdAt
    expiresAt
    lastUsedAt
    revokedAt
  }
`);

graphql(`
  fragment AuditEventFields on AuditEvent {
    id
    occurredAt
    actorId
    actorEmail
    action
    targetType
    targetId
    outcome
    detail
    requestId
    sourceIp
    subgraph
  }
`);

export const UsersDocument = graphql(`
  query Users {
    users { ...UserFields }
  }
`);

export const CreateUserDocument = graphql(`
  mutation CreateUser($email: String!, $password: String!, $role: Role!, $displayName: String) {
    createUser(email: $email, password: $password, role: $role, displayName: $displayName) { ...UserFields }
  }
`);

export const ChangePasswordDocument = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export const ApiTokensDocument = graphql(`
  query ApiTokens {
    apiTokens { ...ApiTokenFields }
  }
`);

export const CreateApiTokenDocument = graphql(`
  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {
    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {
      token
      apiToken { ...ApiTokenFields }
    }
  }
`);

export const RevokeApiTokenDocument = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { id revokedAt }
  }
`);

export const AuditEventsDocument = graphql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      events { ...AuditEventFields }
      endCursor
      hasNextPage
    }
  }
`);

export const AuditEventAddedDocument = graphql(`
  subscription AuditEventAdded {
    auditEventAdded { ...AuditEventFields }
  }
`);
