import { graphql } from '../gql/index.ts';
import type { OAuthGrantFieldsFragment } from '../gql/graphql.ts';

/** The applications a user authorized at the platform's authorization server (MCP clients signed in with OAuth), and revoking one. */

export type OAuthGrantSummary = OAuthGrantFieldsFragment;

graphql(`
  fragment OAuthGrantFields on OAuthGrant {
    id
    clientId
    clientName
    clientKind
    user { id }
    scopes
    resource
    createdAt
    lastUsedAt
    revokedAt
  }
`);

/** Yours without userId; an admin names a user with userId. Revoked ones are left out. */
export const OAuthGrantsDocument = graphql(`
  query OAuthGrants($userId: ID) {
    oauthGrants(userId: $userId) { ...OAuthGrantFields }
  }
`);

export const RevokeOAuthGrantDocument = graphql(`
  mutation RevokeOAuthGrant($id: ID!) {
    revokeOAuthGrant(id: $id) { id revokedAt }
  }
`);
