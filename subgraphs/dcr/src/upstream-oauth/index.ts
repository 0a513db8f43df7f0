import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { DatabaseHandle, EventBus, Logger, SecretBox } from '@mcp-portal/kit';
import type { UpstreamOAuthService } from './contract.ts';
import { createPostgresUpstreamOAuthStore } from './postgres-store.ts';
import { createUpstreamOAuthService } from './service.ts';
import type { UpstreamOAuthSettings } from './settings.ts';
import type { RegistrationBridge } from './bridge.ts';

export * from './contract.ts';
export * from './settings.ts';
export * from './errors.ts';
export type { UpstreamOAuthStore, ConnectionRecord, ConnectionPatch, ClientRecord, StateRecord, DiscoveryRecord } from './store.ts';
export { principalKey } from './store.ts';
export { createMemoryUpstreamOAuthStore } from './memory-store.ts';
export { createPostgresUpstreamOAuthStore } from './postgres-store.ts';
export { createUpstreamOAuthService, viewOf, type UpstreamOAuthServiceDeps } from './service.ts';
export { platformClientMetadata } from './client-provider.ts';
export { guardedFetch } from './guarded-fetch.ts';
export { bridgesIssuer, inProcessRegistrationBridge, isBridgedClient, type BridgedClientInformation, type RegistrationBridge } from './bridge.ts';

export interface UpstreamOAuthDeps {
  /** The platform's database (the dcr schema's upstream_oauth_* tables). */
  database: Pick<DatabaseHandle, 'db' | 'kind'>;
  /** The secrets envelope: tokens, client secrets and PKCE verifiers are sealed with it. */
  secrets: SecretBox;
  events?: Pick<EventBus, 'publish'>;
  settings: UpstreamOAuthSettings;
  logger?: Logger;
  /** The fetch under the address guard (tests). */
  fetch?: FetchLike;
  /** The DCR bridge, for issuers in settings.bridgeIssuers (the dcr subgraph passes its registration service). */
  bridge?: RegistrationBridge;
}

/** The platform's OAuth client towards remote MCP servers, over Postgres (what the dcr subgraph and the gateway-proxy use). */
export function createUpstreamOAuth(deps: UpstreamOAuthDeps): UpstreamOAuthService {
  return createUpstreamOAuthService({ ...deps, store: createPostgresUpstreamOAuthStore(deps.database) });
}
