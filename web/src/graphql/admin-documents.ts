import { gql, type TypedDocumentNode } from '@apollo/client';
import {
  apiTokensQuery,
  auditEventAddedSubscription,
  auditEventsQuery,
  changePasswordMutation,
  createApiTokenMutation,
  createUserMutation,
  revokeApiTokenMutation,
  usersQuery,
  type ApiTokensResult,
  type AuditEventAddedResult,
  type AuditEventFilterInput,
  type AuditEventsResult,
  type ChangePasswordResult,
  type CreateApiTokenResult,
  type CreateUserResult,
  type RevokeApiTokenResult,
  type RoleValue,
  type UsersResult,
} from '@mcp-portal/schema/operations';

export type {
  ApiTokenSummary,
  AuditEventSummary,
  AuditOutcomeValue,
  AuditEventFilterInput,
  AuditEventsResult,
  CreateApiTokenResult,
  UserDetail,
} from '@mcp-portal/schema/operations';

/** The account, users and audit operations shared with the CLI, parsed once and typed. */

export interface CreateUserVariables {
  email: string;
  password: string;
  role: RoleValue;
  displayName?: string | null;
}

export interface AuditEventsVariables {
  filter?: AuditEventFilterInput | null;
  first?: number | null;
  after?: string | null;
}

export const UsersDocument: TypedDocumentNode<UsersResult, Record<string, never>> = gql(usersQuery);
export const CreateUserDocument: TypedDocumentNode<CreateUserResult, CreateUserVariables> = gql(createUserMutation);
export const ChangePasswordDocument: TypedDocumentNode<ChangePasswordResult, { currentPassword: string; newPassword: string }> =
  gql(changePasswordMutation);
export const ApiTokensDocument: TypedDocumentNode<ApiTokensResult, Record<string, never>> = gql(apiTokensQuery);
export const CreateApiTokenDocument: TypedDocumentNode<CreateApiTokenResult, { name: string; role: RoleValue; expiresAt?: string | null }> =
  gql(createApiTokenMutation);
export const RevokeApiTokenDocument: TypedDocumentNode<RevokeApiTokenResult, { id: string }> = gql(revokeApiTokenMutation);
export const AuditEventsDocument: TypedDocumentNode<AuditEventsResult, AuditEventsVariables> = gql(auditEventsQuery);
export const AuditEventAddedDocument: TypedDocumentNode<AuditEventAddedResult, Record<string, never>> = gql(auditEventAddedSubscription);
