import { useCallback, useMemo, useState } from 'react';
import type { ErrorLike, TypedDocumentNode } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import type { Role } from '../gql/graphql.ts';
import {
  ApiTokensDocument,
  AuditEventAddedDocument,
  AuditEventsDocument,
  ChangePasswordDocument,
  CreateApiTokenDocument,
  CreateUserDocument,
  RevokeApiTokenDocument,
  RevokeSessionDocument,
  UpdateUserDocument,
  UserPageDocument,
  UsersDocument,
  type ApiTokenSummary,
  type AuditEventFilter,
  type AuditEventSummary,
  type AuditEventsQuery,
  type CreateUserMutationVariables,
  type UserDetail,
  type UserPageData,
} from './admin-documents.ts';
import { errorMessage } from './errors.ts';
import { useLoadMore, usePrependLive, type PagedList } from './paged-list.ts';
import { useRefetchOnReconnect } from './use-refetch-on-reconnect.ts';

export const roles: readonly Role[] = ['ADMIN', 'OPERATOR', 'VIEWER'];
const rank: Record<Role, number> = { ADMIN: 3, OPERATOR: 2, VIEWER: 1 };

/** The roles a user may hand out to a token: their own and the ones below it. */
export function rolesUpTo(role: Role | null | undefined): Role[] {
  if (!role) return [];
  return roles.filter((r) => rank[r] <= rank[role]);
}

function errorCode(error: ErrorLike | null | undefined): string | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const code = error.errors.find((e) => typeof e.extensions?.code === 'string')?.extensions?.code;
  return typeof code === 'string' ? code : null;
}

/* Users */

export function useUsers(): { users: UserDetail[]; loading: boolean; error: string | null } {
  const { data, loading, error } = useQuery(UsersDocument, { fetchPolicy: 'cache-and-network' });
  return { users: data?.users ?? [], loading: loading && !data, error: errorMessage(error) };
}

export type UserField = 'email' | 'password' | 'role' | 'displayName';
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type CreateUserOutcome = { ok: true; user: UserDetail } | { ok: false; fieldErrors: FieldErrors<UserField>; formError: string | null };

/**
 * Places a server refusal next to the field it is about: a duplicate email (CONFLICT) under the email,
 * a validation error ("Invalid user (password): …") under its field, anything else above the form.
 */
function createUserErrors(error: ErrorLike): { fieldErrors: FieldErrors<UserField>; formError: string | null } {
  const message = errorMessage(error) ?? 'Something went wrong.';
  const code = errorCode(error);
  if (code === 'CONFLICT') return { fieldErrors: { email: message }, formError: null };
  if (code === 'BAD_USER_INPUT') {
    const match = /\((email|password|role|displayName)\):\s*(.*)$/s.exec(message);
    if (match?.[1] && match[2]) return { fieldErrors: { [match[1] as UserField]: match[2] }, formError: null };
  }
  return { fieldErrors: {}, formError: message };
}

export function useCreateUser() {
  const [mutate, { loading }] = useMutation(CreateUserDocument, { refetchQueries: [UsersDocument], awaitRefetchQueries: true });
  const create = useCallback(
    async (variables: CreateUserMutationVariables): Promise<CreateUserOutcome> => {
      try {
        const { data } = await mutate({ variables });
        if (!data) return { ok: false, fieldErrors: {}, formError: 'The server returned no user.' };
        return { ok: true, user: data.createUser };
      } catch (error) {
        return { ok: false, ...createUserErrors(error as ErrorLike) };
      }
    },
    [mutate],
  );
  return { create, submitting: loading };
}

/** One user's page (admins): the account, their active sessions and API tokens; null for an unknown id. */
export function useUserPage(id: string): { user: UserPageData | null; loading: boolean; error: string | null } {
  const { data, loading, error } = useQuery(UserPageDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  return { user: data?.user ?? null, loading: loading && !data, error: errorMessage(error) };
}

export type UserChange = { role: Role } | { disabled: boolean };

/**
 * What the API's guards on `updateUser` mean, by their code (never by their English text): no admin may
 * change themself (FORBIDDEN on their own account), and one active admin must remain (CONFLICT).
 */
export function userChangeRefusal(error: ErrorLike, ownAccount: boolean): string {
  switch (errorCode(error)) {
    case 'FORBIDDEN':
      return ownAccount
        ? 'You cannot change your own role or disable yourself: ask another admin.'
        : 'Your role no longer allows changing users: sign in again as an admin.';
    case 'CONFLICT':
      return 'This would leave no active admin: make another user an admin first.';
    case 'NOT_FOUND':
      return 'This user no longer exists.';
    default:
      return errorMessage(error) ?? 'Something went wrong.';
  }
}

/**
 * Changes a user's role or disables/enables them. The answer updates `User:<id>` in the cache (the list and the
 * page); the page is read again, since disabling ends the user's sessions. A refusal is returned, not thrown.
 */
export function useUpdateUser(id: string, ownAccount: boolean) {
  const [mutate, { loading }] = useMutation(UpdateUserDocument, { refetchQueries: [UserPageDocument], awaitRefetchQueries: true });
  const [error, setError] = useState<string | null>(null);
  const update = useCallback(
    async (change: UserChange): Promise<boolean> => {
      setError(null);
      try {
        await mutate({ variables: { id, ...change } });
        return true;
      } catch (caught) {
        setError(userChangeRefusal(caught as ErrorLike, ownAccount));
        return false;
      }
    },
    [mutate, id, ownAccount],
  );
  return { update, updating: loading, error, reset: useCallback(() => setError(null), []) };
}

/** Ends one of a user's sessions; the answer (the user's remaining sessions) updates the page by itself. */
export const useRevokeSession = () => useRevokeById(RevokeSessionDocument);

/* Own account */

export function useChangePassword() {
  const [mutate, { loading, error, reset }] = useMutation(ChangePasswordDocument);
  const change = useCallback(
    async (currentPassword: string, newPassword: string): Promise<boolean> => {
      try {
        const { data } = await mutate({ variables: { currentPassword, newPassword } });
        return data?.changePassword === true;
      } catch {
        return false;
      }
    },
    [mutate],
  );
  return { change, submitting: loading, error: errorMessage(error), reset };
}

/* API tokens */

export function useApiTokens(): { tokens: ApiTokenSummary[]; loading: boolean; error: string | null } {
  const { data, loading, error } = useQuery(ApiTokensDocument, { fetchPolicy: 'cache-and-network' });
  return { tokens: data?.apiTokens ?? [], loading: loading && !data, error: errorMessage(error) };
}

export function useCreateApiToken() {
  const [mutate, { loading, error, reset }] = useMutation(CreateApiTokenDocument, {
    refetchQueries: [ApiTokensDocument],
    awaitRefetchQueries: true,
  });
  const create = useCallback(
    async (name: string, role: Role, expiresInDays: number): Promise<{ token: string; apiToken: ApiTokenSummary } | null> => {
      const expiresAt = new Date(Date.now() + expiresInDays * 86_400_000).toISOString();
      try {
        const { data } = await mutate({ variables: { name, role, expiresAt } });
        return data?.createApiToken ?? null;
      } catch {
        return null;
      }
    },
    [mutate],
  );
  return { create, submitting: loading, error: errorMessage(error), reset };
}

/** Revoking returns the token's id and revokedAt, which Apollo merges into `ApiToken:<id>`: the list updates by itself. */
export const useRevokeApiToken = () => useRevokeById(RevokeApiTokenDocument);

/**
 * A mutation that takes only an id: `revoke(id)` clears the last error, says whether it succeeded, and `pendingId`
 * names the id under way (its row shows it, the others wait); `error` says why the last one failed.
 */
export function useRevokeById(document: TypedDocumentNode<unknown, { id: string }>) {
  const [mutate, { error, reset }] = useMutation(document);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const revoke = useCallback(
    async (id: string): Promise<boolean> => {
      reset();
      setPendingId(id);
      try {
        await mutate({ variables: { id } });
        return true;
      } catch {
        return false;
      } finally {
        setPendingId(null);
      }
    },
    [mutate, reset],
  );
  return { revoke, pendingId, error: errorMessage(error) };
}

/* Audit log */

export interface AuditLogFilter {
  action: string;
  actorId: string;
}

const pageSize = 50;

function toInput(filter: AuditLogFilter): AuditEventFilter {
  return { action: filter.action.trim() || null, actorId: filter.actorId || null };
}

function matches(filter: AuditLogFilter, event: AuditEventSummary): boolean {
  const action = filter.action.trim();
  if (action && event.action !== action) return false;
  if (filter.actorId && event.actorId !== filter.actorId) return false;
  return true;
}

const auditList: PagedList<AuditEventsQuery, AuditEventSummary> = {
  items: (data) => data.auditEvents?.events ?? [],
  withItems: (data, events) => ({ auditEvents: { ...data.auditEvents, events } }),
  key: (event) => event.id,
};

/**
 * The audit log, newest first: one page (`first` events) per `loadMore` (cursor-paginated, appended to the cached
 * query) and every new event matching the filter prepended live from `auditEventAdded`. A reconnection
 * may have missed events, so it refetches.
 */
export function useAuditLog(filter: AuditLogFilter, first = pageSize) {
  const variables = useMemo(() => ({ filter: toInput(filter), first }), [filter, first]);
  const { data, loading, error, fetchMore, refetch } = useQuery(AuditEventsDocument, { variables, fetchPolicy: 'cache-and-network' });
  const page = data?.auditEvents;
  const { loadMore, loadingMore, loadMoreError } = useLoadMore({ page, variables, fetchMore, list: auditList });

  const prepend = usePrependLive({ query: AuditEventsDocument, variables, list: auditList, fits: (event) => matches(filter, event) });
  const { error: liveError } = useSubscription(AuditEventAddedDocument, {
    onData: ({ client, data: event }) => prepend(client.cache, event.data?.auditEventAdded),
  });
  useRefetchOnReconnect(refetch);

  return {
    events: page?.events ?? [],
    hasNextPage: page?.hasNextPage ?? false,
    loading: loading && !data,
    error: errorMessage(error) ?? loadMoreError,
    liveError: errorMessage(liveError),
    loadMore,
    loadingMore,
  };
}
