/**
 * The GraphQL documents of `docker mcp oauth` (issue 13): OAuth connections to remote MCP servers, authorizing
 * one (the browser consents at the authorization server and returns to the portal's /oauth/callback), watching
 * it, revoking it. Typed by codegen like lib/operations.ts.
 */
import { graphql } from '../gql/index.ts';
import type { CliOAuthClientFragment, CliOAuthConnectionFragment } from '../gql/graphql.ts';

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
