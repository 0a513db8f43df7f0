import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { SecretBox } from '@mcp-portal/kit';
import { isBridgedClient, type RegistrationBridge } from './bridge.ts';
import type { UpstreamOAuthSettings } from './settings.ts';
import type { UpstreamOAuthStore } from './store.ts';

/** Seal contexts: a sealed value opens only for the row (and issuer) it was sealed for. */
export const sealContexts = {
  client: (issuer: string) => `dcr.upstream_oauth_clients:${issuer}`,
  tokens: (connectionId: string, issuer: string) => `dcr.upstream_oauth_connections:${connectionId}:${issuer}:tokens`,
  codeVerifier: (stateHash: string) => `dcr.upstream_oauth_states:${stateHash}:code_verifier`,
};

/** The platform's client metadata: what RFC 7591 registration sends, and what its Client ID Metadata Document says. */
export function platformClientMetadata(settings: Pick<UpstreamOAuthSettings, 'clientName' | 'redirectUrl'>, clientId?: string) {
  return {
    ...(clientId ? { client_id: clientId } : {}),
    client_name: settings.clientName,
    redirect_uris: [settings.redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    // A metadata document cannot hold a secret: its client authenticates with PKCE alone.
    token_endpoint_auth_method: clientId ? 'none' : 'client_secret_basic',
    application_type: 'web',
  } satisfies OAuthClientMetadata & { application_type: 'web'; client_id?: string };
}

/** The pre-registered client of an authorization server (MCP_OAUTH_CLIENTS), compared as the SDK compares issuers. */
export function preRegisteredClient(settings: Pick<UpstreamOAuthSettings, 'clients'>, issuer: string): OAuthClientInformationMixed | undefined {
  const client = settings.clients.find((candidate) => sameIssuer(candidate.issuer, issuer));
  return client ? { client_id: client.clientId, ...(client.clientSecret ? { client_secret: client.clientSecret } : {}), issuer } : undefined;
}

/** Two authorization server identifiers, tolerating one trailing `/` (RFC 8414 says identical; URLs are written both ways). */
export function sameIssuer(a: string, b: string): boolean {
  const trim = (value: string) => value.replace(/\/$/, '');
  return trim(a) === trim(b);
}

/** The client information stored for an issuer (a registration or a metadata document URL), when still usable. */
export async function storedClient(
  store: UpstreamOAuthStore,
  box: SecretBox,
  issuer: string,
  /** The redirect URL it must have been registered with; null: any (a refresh uses the client the tokens came to). */
  redirectUrl: string | null,
): Promise<OAuthClientInformationMixed | undefined> {
  const record = await store.client(issuer);
  if (!record || (redirectUrl !== null && record.redirectUri !== redirectUrl)) return undefined;
  const information = JSON.parse(box.open(record.sealedClientInformation, sealContexts.client(issuer))) as OAuthClientInformationMixed;
  if (information.client_secret_expires_at && information.client_secret_expires_at * 1000 < Date.now()) return undefined;
  return information;
}

export interface FlowProviderOptions {
  settings: UpstreamOAuthSettings;
  store: UpstreamOAuthStore;
  box: SecretBox;
  /** Discovery as checked by the service (the issuer matched): the SDK's auth() runs no discovery of its own. */
  discovery: OAuthDiscoveryState;
  redirectUrl: string;
  state?: string;
  codeVerifier?: string;
  /** The DCR bridge: a client it registered that the SDK gives up on is removed through it too (no orphaned app). */
  bridge?: RegistrationBridge;
}

/**
 * The SDK's OAuthClientProvider for one step of one flow (start, or complete): client identity in the spec's order
 * (a pre-registered client for this issuer, a stored registration or metadata document URL, else what auth()
 * chooses: CIMD when the server supports it and a metadata URL is set, else RFC 7591 registration, stored per
 * issuer). Tokens and the verifier are handed back to the service, which seals and stores them.
 */
export class FlowClientProvider implements OAuthClientProvider {
  authorizationUrl: URL | undefined;
  savedCodeVerifier: string | undefined;
  savedTokens: OAuthTokens | undefined;
  private discovery: OAuthDiscoveryState;
  readonly clientMetadataUrl: string | undefined;

  constructor(private readonly options: FlowProviderOptions) {
    this.discovery = options.discovery;
    this.clientMetadataUrl = options.settings.clientMetadataUrl ?? undefined;
  }

  private get issuer(): string {
    return this.discovery.authorizationServerUrl;
  }

  get redirectUrl(): string {
    return this.options.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return platformClientMetadata({ clientName: this.options.settings.clientName, redirectUrl: this.options.redirectUrl });
  }

  state(): string {
    if (!this.options.state) throw new Error('No state for this authorization.');
    return this.options.state;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const { settings, store, box } = this.options;
    return preRegisteredClient(settings, this.issuer) ?? (await storedClient(store, box, this.issuer, this.options.redirectUrl));
  }

  async saveClientInformation(information: OAuthClientInformationMixed): Promise<void> {
    const { settings, store, box } = this.options;
    if (preRegisteredClient(settings, this.issuer)) return;
    await store.saveClient({
      issuer: this.issuer,
      kind: information.client_id === this.clientMetadataUrl ? 'metadata_document' : 'registered',
      redirectUri: this.options.redirectUrl,
      sealedClientInformation: box.seal(JSON.stringify({ ...information, issuer: this.issuer }), sealContexts.client(this.issuer)),
    });
  }

  /** A flow's start or completion never refreshes through auth(): the service refreshes itself. */
  tokens(): undefined {
    return undefined;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.savedTokens = tokens;
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    this.authorizationUrl = authorizationUrl;
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.savedCodeVerifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.options.codeVerifier) throw new Error('No PKCE code verifier for this authorization.');
    return this.options.codeVerifier;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if ((scope === 'all' || scope === 'client') && !preRegisteredClient(this.options.settings, this.issuer)) {
      const { store, box, bridge } = this.options;
      const stored = bridge ? await storedClient(store, box, this.issuer, null).catch(() => undefined) : undefined;
      if (bridge && isBridgedClient(stored)) await bridge.remove(stored).catch(() => undefined);
      await store.deleteClient(this.issuer);
    }
  }

  discoveryState(): OAuthDiscoveryState {
    return this.discovery;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }
}
