/**
 * The GraphQL documents of `docker mcp oauth` (issue 13): OAuth connections to remote MCP servers, authorizing
 * one (the browser consents at the authorization server and returns to the portal's /oauth/callback), watching
 * it, revoking it. Typed by codegen like lib/operations.ts.
 */
import { graphql } from '../gql/index.ts';
import type { CliOAuthClientFragment, CliOAuthConnectionFragment, CliOAuthGrantFragment } from '../gql/graphql.ts';
import { PortalError } from './errors.ts';
import type { Request } from './servers.ts';

/** What the CLI shows of a connection (never a token: the API has none to give). */
export type OAuthConnectionView = CliOAuthConnectionFragment;

graphql(`
  fragment CliOAuthConnection on OAuthConnection {
    id
    status
    team
    scopes
    expiresAt
    issuer
    lastError
    updatedAt
    server { id name }
    user { id email }
    authorizedBy { id email }
  }
`);

/** Your own and the team's connections; an admin's answer holds everyone's (or one user's with userId). */
export const oauthConnectionsQuery = graphql(`
  query CliOAuthConnections($serverId: ID, $userId: ID) {
    oauthConnections(serverId: $serverId, userId: $userId) { ...CliOAuthConnection }
  }
`);

/** One connection by id (null when it is gone or not yours to see). */
export const oauthConnectionQuery = graphql(`
  query CliOAuthConnection($id: ID!) {
    oauthConnection(id: $id) { ...CliOAuthConnection }
  }
`);

export const authorizeServerMutation = graphql(`
  mutation CliAuthorizeServer($serverId: ID!, $scopes: [String!]) {
    authorizeServer(serverId: $serverId, scopes: $scopes) {
      authorizationUrl
      connection { ...CliOAuthConnection }
    }
  }
`);

export const revokeServerAuthorizationMutation = graphql(`
  mutation CliRevokeServerAuthorization($serverId: ID!, $userId: ID) {
    revokeServerAuthorization(serverId: $serverId, userId: $userId) { ...CliOAuthConnection }
  }
`);

export const oauthConnectionChangedSubscription = graphql(`
  subscription CliOAuthConnectionChanged($serverId: ID) {
    oauthConnectionChanged(serverId: $serverId) { ...CliOAuthConnection }
  }
`);

/** For `--user EMAIL` (admins): the users' ids by email. */
export const userRefsQuery = graphql(`
  query CliUserRefs {
    users { id email }
  }
`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `--user EMAIL|ID`: an id as it is; an email looked up among the users (which only admins may list). */
export async function resolveUserId(request: Request, ref: string): Promise<string> {
  const wanted = ref.trim();
  if (UUID.test(wanted)) return wanted;
  const { users } = await request(userRefsQuery);
  const found = users.find((user) => user.email.toLowerCase() === wanted.toLowerCase());
  if (!found) throw new PortalError(`There is no user with the email ${wanted}.`, { code: 'NOT_FOUND' });
  return found.id;
}

/** Whether `id` can be a grant id (a UUID): anything else is unknown without asking the router. */
export const isGrantId = (id: string): boolean => UUID.test(id.trim());

/** What the CLI shows of a registered OAuth client (issue 14's admin side; never a secret but the rotated one, once). */
export type OAuthClientView = CliOAuthClientFragment;

graphql(`
  fragment CliOAuthClient on OAuthClient {
    clientId
    clientName
    backend
    redirectUris
    redirectHosts
    grantTypes
    tokenEndpointAuthMethod
    applicationType
    createdBy { id email }
    sourceAddress
    createdAt
    updatedAt
    lastUsedAt
    revokedAt
    clientSecretExpiresAt
    azure { applicationId servicePrincipalId keyVaultUrl keyVaultSecretName }
  }
`);

/** Registered clients (admins), newest first, a page at a time. */
export const oauthClientsQuery = graphql(`
  query CliOAuthClients($filter: OAuthClientFilter, $first: Int, $after: String) {
    oauthClients(filter: $filter, first: $first, after: $after) {
      clients { ...CliOAuthClient }
      endCursor
      hasNextPage
      totalCount
    }
  }
`);

export const oauthClientQuery = graphql(`
  query CliOAuthClient($clientId: String!) {
    oauthClient(clientId: $clientId) { ...CliOAuthClient }
  }
`);

export const revokeOAuthClientMutation = graphql(`
  mutation CliRevokeOAuthClient($clientId: String!) {
    revokeOAuthClient(clientId: $clientId) { ...CliOAuthClient }
  }
`);

export const rotateOAuthClientSecretMutation = graphql(`
  mutation CliRotateOAuthClientSecret($clientId: String!) {
    rotateOAuthClientSecret(clientId: $clientId) {
      clientSecret
      client { ...CliOAuthClient }
    }
  }
`);

/** What the CLI shows of an application a user authorized at the platform's authorization server (never a token). */
export type OAuthGrantView = CliOAuthGrantFragment;

graphql(`
  fragment CliOAuthGrant on OAuthGrant {
    id
    clientId
    clientName
    clientKind
    user { id email }
    scopes
    resource
    createdAt
    lastUsedAt
    revokedAt
  }
`);

/** Your authorized applications; an admin's for one user (userId) or everyone's (everyone); revoked ones on request. */
export const oauthGrantsQuery = graphql(`
  query CliOAuthGrants($userId: ID, $everyone: Boolean, $includeRevoked: Boolean) {
    oauthGrants(userId: $userId, everyone: $everyone, includeRevoked: $includeRevoked) { ...CliOAuthGrant }
  }
`);

export const revokeOAuthGrantMutation = graphql(`
  mutation CliRevokeOAuthGrant($id: ID!) {
    revokeOAuthGrant(id: $id) { ...CliOAuthGrant }
  }
`);
