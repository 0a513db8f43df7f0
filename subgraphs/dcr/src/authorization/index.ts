export { AuthorizationServer, supportedScopes, type PendingAuthorization, type TokenAnswer } from './service.ts';
export { AuthorizationClients, isMetadataDocumentUrl, type AuthorizationClient, type MetadataDocumentResolver } from './clients.ts';
export { PeerAccessTokenMinter, type AccessTokenMinter } from './access-tokens.ts';
export { authorizationRoutes } from './routes.ts';
export { authorizationServerMetadata } from './metadata.ts';
export { readAuthorizationServerSettings, type AuthorizationServerSettings } from './settings.ts';
export { grantStore } from './grant-store.ts';
