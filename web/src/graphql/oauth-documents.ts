import { graphql } from '../gql/index.ts';
import type { OAuthConnectionFieldsFragment } from '../gql/graphql.ts';

/**
 * The documents of OAuth connections to remote servers (issue 13): a server's connection on its page, the
 * Connections page, authorizing (the browser then goes to the authorization server), completing it on the
 * portal's /oauth/callback, revoking, and the live changes. Apollo keeps one `OAuthConnection:<id>` that
 * every answer and event writes into, so they all spread `OAuthConnectionFields`.
 */

export type { OAuthConnectionStatus } from '../gql/graphql.ts';
export type OAuthConnectionSummary = OAuthConnectionFieldsFragment;

graphql(`
  fragment OAuthConnectionFields on OAuthConnection {
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

/** A server's connection for the signed-in user (their own, or the team's); null when it needs no OAuth. */
export const ServerOAuthConnectionDocument = graphql(`
  query ServerOAuthConnection($id: ID!) {
    server(id: $id) {
      id
      oauthConnection { ...OAuthConnectionFields }
    }
  }
`);

/** Your connections and the team's; an admin sees everyone's. */
export const OAuthConnectionsDocument = graphql(`
  query OAuthConnections($serverId: ID, $userId: ID) {
    oauthConnections(serverId: $serverId, userId: $userId) { ...OAuthConnectionFields }
  }
`);

export const AuthorizeServerDocument = graphql(`
  mutation AuthorizeServer($serverId: ID!, $scopes: [String!]) {
    authorizeServer(serverId: $serverId, scopes: $scopes) {
      authorizationUrl
      connection { ...OAuthConnectionFields }
    }
  }
`);

export const CompleteServerAuthorizationDocument = graphql(`
  mutation CompleteServerAuthorization($state: String!, $code: String!, $iss: String) {
    completeServerAuthorization(state: $state, code: $code, iss: $iss) { ...OAuthConnectionFields }
  }
`);

export const RevokeServerAuthorizationDocument = graphql(`
  mutation RevokeServerAuthorization($serverId: ID!, $userId: ID) {
    revokeServerAuthorization(serverId: $serverId, userId: $userId) { ...OAuthConnectionFields }
  }
`);

/** Each change of a connection's status, scopes or expiry (of one server when serverId is given). */
export const OAuthConnectionChangedDocument = graphql(`
  subscription OAuthConnectionChanged($serverId: ID) {
    oauthConnectionChanged(serverId: $serverId) { ...OAuthConnectionFields }
  }
`);
