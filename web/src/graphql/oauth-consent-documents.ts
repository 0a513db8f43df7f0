import { graphql } from '../gql/index.ts';
import type { OAuthAuthorizationRequestQuery } from '../gql/graphql.ts';

/** The consent page's documents: an application's authorization request waiting for the user, and their answer. */

/** Null when the request is unknown, expired or already answered. */
export type OAuthAuthorizationRequestSummary = NonNullable<OAuthAuthorizationRequestQuery['oauthAuthorizationRequest']>;

export const OAuthAuthorizationRequestDocument = graphql(`
  query OAuthAuthorizationRequest($id: ID!) {
    oauthAuthorizationRequest(id: $id) { id clientId clientName clientUri clientKind redirectUri redirectHost scopes resource expiresAt }
  }
`);

export const DecideOAuthAuthorizationDocument = graphql(`
  mutation DecideOAuthAuthorization($id: ID!, $approve: Boolean!) {
    decideOAuthAuthorization(id: $id, approve: $approve) { redirectTo }
  }
`);
