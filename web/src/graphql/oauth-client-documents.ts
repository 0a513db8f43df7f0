import { graphql } from '../gql/index.ts';
import type { OAuthClientFieldsFragment } from '../gql/graphql.ts';

/**
 * The documents of the OAuth clients page (issue 14, admins): the clients registered through dynamic client
 * registration, filtered and a page at a time, one client, revoking one and rotating a confidential client's secret.
 */

export type { DcrBackend, OAuthClientFilter, OAuthClientStatus, OAuthClientsQuery } from '../gql/graphql.ts';
export type OAuthClientSummary = OAuthClientFieldsFragment;

graphql(`
  fragment OAuthClientFields on OAuthClient {
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

export const OAuthClientsDocument = graphql(`
  query OAuthClients($filter: OAuthClientFilter, $first: Int, $after: String) {
    oauthClients(filter: $filter, first: $first, after: $after) {
      clients { ...OAuthClientFields }
      endCursor
      hasNextPage
      totalCount
    }
  }
`);

export const OAuthClientDocument = graphql(`
  query OAuthClient($clientId: String!) {
    oauthClient(clientId: $clientId) { ...OAuthClientFields }
  }
`);

export const RevokeOAuthClientDocument = graphql(`
  mutation RevokeOAuthClient($clientId: String!) {
    revokeOAuthClient(clientId: $clientId) { ...OAuthClientFields }
  }
`);

export const RotateOAuthClientSecretDocument = graphql(`
  mutation RotateOAuthClientSecret($clientId: String!) {
    rotateOAuthClientSecret(clientId: $clientId) {
      clientSecret
      client { ...OAuthClientFields }
    }
  }
`);
