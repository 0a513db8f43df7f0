import { entraTenantUrl } from '@mcp-portal/kit';
import { authorizationServerPaths, jwksPath } from '@mcp-portal/schema/contract';
import type { AzureRegistrationSettings } from '../registration/settings.ts';
import { registrationPath } from '../registration/routes.ts';
import { supportedScopes } from './service.ts';

/**
 * The RFC 8414 metadata of the platform's authorization server at `issuer` (the portal's origin): its own
 * authorization and token endpoints with the local backend, the Entra tenant's v2.0 endpoints with the azure one
 * (clients registered there are Entra applications). Registration is the bridge's either way.
 */
export function authorizationServerMetadata(
  issuer: string,
  options: { azure: AzureRegistrationSettings | null; acceptsMetadataDocuments: boolean },
): Record<string, unknown> {
  const authMethods = ['none', 'client_secret_basic', 'client_secret_post'];
  const common = {
    issuer,
    registration_endpoint: `${issuer}${registrationPath}`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: authMethods,
    service_documentation: `${issuer}/connect`,
  };
  if (options.azure) {
    const tenant = entraTenantUrl(options.azure);
    return {
      ...common,
      authorization_endpoint: `${tenant}/oauth2/v2.0/authorize`,
      token_endpoint: `${tenant}/oauth2/v2.0/token`,
      jwks_uri: `${tenant}/discovery/v2.0/keys`,
      scopes_supported: [`api://${options.azure.apiAppId}/.default`, 'offline_access'],
      client_id_metadata_document_supported: false,
    };
  }
  return {
    ...common,
    authorization_endpoint: `${issuer}${authorizationServerPaths.authorize}`,
    token_endpoint: `${issuer}${authorizationServerPaths.token}`,
    revocation_endpoint: `${issuer}${authorizationServerPaths.revoke}`,
    revocation_endpoint_auth_methods_supported: authMethods,
    jwks_uri: `${issuer}${jwksPath}`,
    scopes_supported: [...supportedScopes],
    client_id_metadata_document_supported: options.acceptsMetadataDocuments,
  };
}
