import { graphql } from '../gql/index.ts';
import type { ApiTokenFieldsFragment, AuditEventFieldsFragment, SessionFieldsFragment, UserFieldsFragment, UserPageQuery } from '../gql/graphql.ts';

/** The account, users and audit documents; their types are generated (`npm run codegen`). */

export type { AuditEventFilter, AuditEventsQuery, AuditOutcome, CreateApiTokenMutation, CreateUserMutationVariables, Role } from '../gql/graphql.ts';
export type UserDetail = UserFieldsFragment;
export type ApiTokenSummary = ApiTokenFieldsFragment;
export type AuditEventSummary = AuditEventFieldsFragment;
export type SessionSummary = SessionFieldsFragment;
/** One user as their page shows them (admins): the account, their active sessions and API tokens. */
export type UserPageData = NonNullable<UserPageQuery['user']>;

graphql(`
  fragment UserFields on User {
    id
    email
    displayName
    role
    createdAt
    disabled
  }
`);

graphql(`
  fragment SessionFields on Session {
    id
    createdAt
    lastUsedAt
    expiresAt
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

export const UserPageDocument = graphql(`
  query UserPage($id: ID!) {
    user(id: $id) {
      ...UserFields
      sessions { ...SessionFields }
      apiTokens { ...ApiTokenFields }
    }
  }
`);

export const UpdateUserDocument = graphql(`
  mutation UpdateUser($id: ID!, $role: Role, $disabled: Boolean) {
    updateUser(id: $id, role: $role, disabled: $disabled) { ...UserFields }
  }
`);

/** Answers the user with their remaining sessions, which Apollo merges into `User:<id>`. */
export const RevokeSessionDocument = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id) {
      id
      sessions { ...SessionFields }
    }
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
