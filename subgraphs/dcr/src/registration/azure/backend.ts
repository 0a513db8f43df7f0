import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { Logger } from '@mcp-portal/kit';
import { backendRefused, backendUnavailable, invalidMetadata, RegistrationError } from '../errors.ts';
import type { ClientMetadata } from '../metadata.ts';
import type { AzureRegistrationSettings } from '../settings.ts';
import type { RegisteredIdentity, RegistrationBackend, RotatedSecret, StoredIdentity } from '../backend.ts';

/** The steps of a registration, in order (what an error names). */
export type AzureStep = 'token' | 'application' | 'password' | 'servicePrincipal' | 'vault' | 'readApplication' | 'removePassword';

const stepNames: Record<AzureStep, string> = {
  token: 'getting a token from Entra ID',
  application: 'creating the application',
  password: 'adding the client secret',
  servicePrincipal: 'creating the service principal',
  vault: 'storing the client secret in Key Vault',
  readApplication: 'reading the application',
  removePassword: 'removing the old client secret',
};

/** The Key Vault secret that keeps a client's secret: named after the client (its appId); its row stores the name too. */
export function vaultSecretName(clientId: string): string {
  return `dcr-client-${clientId.replace(/[^0-9A-Za-z-]/g, '-')}`;
}

/** Graph's alternate key for an application or a service principal by its appId (the client_id). */
const byAppId = (appId: string) => `(appId='${appId.replace(/'/g, "''")}')`;

/** How a client's application is addressed in Graph: by the object id its row stored, else by its appId. */
const applicationKey = (client: StoredIdentity) => (client.azureApplicationId === null ? byAppId(client.clientId) : `/${client.azureApplicationId}`);

/** The display name of the passwords the gateway adds (rotation removes the earlier ones of that name). */
const passwordDisplayName = 'mcp-portal-dcr';

/** The part of a Graph application that carries the redirect URIs, by the kind of client. */
function redirectSection(metadata: ClientMetadata): 'web' | 'spa' | 'publicClient' {
  if (metadata.token_endpoint_auth_method !== 'none') return 'web';
  return metadata.application_type === 'native' ? 'publicClient' : 'spa';
}

function redirectFields(metadata: ClientMetadata): Record<string, unknown> {
  const section = redirectSection(metadata);
  // Every section is written, so that an update moves no URI into a second one.
  return {
    web: { redirectUris: section === 'web' ? metadata.redirect_uris : [] },
    spa: { redirectUris: section === 'spa' ? metadata.redirect_uris : [] },
    publicClient: { redirectUris: section === 'publicClient' ? metadata.redirect_uris : [] },
    isFallbackPublicClient: section === 'publicClient',
  };
}

/** What the client's metadata sets on its application (on creation and on every update). */
function applicationFields(metadata: ClientMetadata): Record<string, unknown> {
  return {
    displayName: (metadata.client_name ?? 'MCP client').slice(0, 120),
    ...redirectFields(metadata),
    // Graph's informationalUrl: null clears what an earlier registration set.
    info: { marketingUrl: metadata.client_uri ?? null, privacyStatementUrl: metadata.policy_uri ?? null, termsOfServiceUrl: metadata.tos_uri ?? null },
  };
}

/** Status of a failed SDK call (Graph, Key Vault or the token endpoint), when it had one. */
function statusOf(error: unknown): number | undefined {
  if (error instanceof GraphError) return error.statusCode > 0 ? error.statusCode : undefined;
  if (error && typeof error === 'object' && 'statusCode' in error && typeof error.statusCode === 'number') return error.statusCode;
  return undefined;
}

/** Whether a failed call may have done its work all the same (no answer, or a 5xx). */
function outcomeUnknown(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/** A short, secret-free reason from an SDK error (Graph's message is about the request, never about a credential). */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 300);
}

/** OAuth errors of the token endpoint that mean the gateway's own registration or request is wrong (RFC 6749 §5.2). */
const refusals = /^(invalid_client|unauthorized_client|invalid_request|invalid_grant|invalid_scope|unsupported_grant_type)\b/;

/**
 * Whether the token endpoint refused the gateway's credentials (rather than being unreachable): @azure/identity
 * throws an AuthenticationError with the endpoint's status, or (through MSAL) an AuthenticationRequiredError whose
 * message starts with the OAuth error code.
 */
function refusedCredentials(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AuthenticationError') return [400, 401, 403].includes(statusOf(error) ?? 0);
  return refusals.test(error.message);
}

/**
 * The RegistrationError for a failed step:
 * - Graph refusing the application's metadata (400 on create/update): 400 invalid_client_metadata with Graph's reason;
 * - Entra ID, Graph or Key Vault refusing the gateway itself (400/401/403 on the token endpoint, 401/403 elsewhere,
 *   any other 4xx of a step the client's metadata does not shape): 502 server_error — an operator must act;
 * - unreachable, throttled or failing (no status, 408, 429, 5xx): 503 temporarily_unavailable with Retry-After.
 */
export function answerFor(step: AzureStep, error: unknown): RegistrationError {
  if (error instanceof RegistrationError) return error;
  const status = statusOf(error);
  const what = stepNames[step];
  if (step === 'application' && status === 400) return invalidMetadata(`Microsoft Graph refused the client metadata: ${reasonOf(error)}`);
  if (step === 'token' && refusedCredentials(error)) {
    return backendRefused(`The registration backend failed ${what}: Entra ID refused the gateway's credentials.`);
  }
  if (status === undefined || status === 408 || status === 429 || status >= 500) {
    return backendUnavailable(`The registration backend is unavailable (${what}${status ? `: HTTP ${status}` : ''}); try again later.`);
  }
  return backendRefused(`The registration backend failed ${what} (HTTP ${status}).`);
}

export interface AzureBackendOptions {
  logger?: Logger | null;
  /** The credential (default: a ClientSecretCredential from the settings). */
  credential?: TokenCredential;
  /** How often the Key Vault delete poller asks whether a secret is deleted (ms; default 1000). */
  vaultPollIntervalMs?: number;
}

interface GraphApplication {
  id: string;
  appId: string;
}

/** A Graph passwordCredential (addPassword's answer carries the secret, this once). */
interface GraphPassword {
  keyId?: string;
  displayName?: string | null;
  secretText?: string | null;
  endDateTime?: string | null;
}

/** The password's end (Graph's endDateTime); null when Graph named none (or nothing readable). */
function endOf(password: GraphPassword): Date | null {
  const end = password.endDateTime ? new Date(password.endDateTime) : null;
  return end && !Number.isNaN(end.getTime()) ? end : null;
}

/**
 * `azure`: each client is an Entra ID application (redirect URIs in `web` for confidential clients, `spa` for
 * browser public clients, `publicClient` for native ones; the configured sign-in audience; delegated access to the
 * gateway's API scope), its password (confidential clients) and its service principal, created through Microsoft
 * Graph; the password is kept in Key Vault under {@link vaultSecretName} and returned once. client_id is the appId.
 * A failed step undoes the steps before it, newest first; an undo that fails is logged (ids only) and the answer
 * stays the step's error.
 */
export class AzureRegistrationBackend implements RegistrationBackend {
  readonly name = 'azure' as const;
  private readonly credential: TokenCredential;
  private readonly graph: Client;
  /** The configured vault's client, and the clients of vaults older rows name (by URL). */
  private readonly vaults = new Map<string, SecretClient>();
  private readonly vaultUrl: string;
  private readonly graphScope: string;
  private readonly logger: Logger | null;
  private readonly vaultPollIntervalMs: number;

  constructor(
    private readonly settings: AzureRegistrationSettings,
    options: AzureBackendOptions = {},
  ) {
    this.logger = options.logger ?? null;
    this.vaultPollIntervalMs = options.vaultPollIntervalMs ?? 1000;
    // No instance discovery: MSAL would ask the public cloud about the authority; the operator configures it.
    this.credential =
      options.credential ??
      new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret, {
        authorityHost: settings.authorityHost,
        disableInstanceDiscovery: true,
      });
    const graphUrl = new URL(settings.graphUrl);
    this.graphScope = `${graphUrl.origin}/.default`;
    this.graph = Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(this.credential, { scopes: [this.graphScope] }),
      baseUrl: settings.graphUrl,
      defaultVersion: 'v1.0',
      // The auth handler adds the token only for Graph's own hosts or these.
      customHosts: new Set([graphUrl.hostname]),
    });
    this.vaultUrl = this.vault(settings.keyVaultUrl).vaultUrl;
  }

  /** The client of a vault (by URL): the configured one, or one a row names (the vault its secret was stored in). */
  private vault(url: string = this.vaultUrl): SecretClient {
    let client = this.vaults.get(url);
    if (!client) {
      const host = new URL(url).hostname;
      client = new SecretClient(url, this.credential, {
        // The challenge's resource is checked against the vault's domain (*.vault.azure.net); a loopback test vault
        // has none to check.
        disableChallengeResourceVerification: host === '127.0.0.1' || host === '[::1]' || host === 'localhost',
      });
      this.vaults.set(url, client);
      this.vaults.set(client.vaultUrl, client);
    }
    return client;
  }

  async register(metadata: ClientMetadata): Promise<RegisteredIdentity> {
    const undo: { what: string; run: () => Promise<void> }[] = [];
    let step: AzureStep = 'token';
    try {
      await this.token();
      step = 'application';
      const application = (await this.graph.api('/applications').post({
        ...applicationFields(metadata),
        signInAudience: this.settings.signInAudience,
        requiredResourceAccess: [{ resourceAppId: this.settings.apiAppId, resourceAccess: [{ id: this.settings.apiScopeId, type: 'Scope' }] }],
        tags: ['mcp-portal-dcr'],
      })) as GraphApplication;
      undo.push({ what: `application ${application.id}`, run: () => this.graph.api(`/applications/${application.id}`).delete() as Promise<void> });

      let clientSecret: string | null = null;
      let clientSecretExpiresAt: Date | null = null;
      if (metadata.token_endpoint_auth_method !== 'none') {
        step = 'password';
        const password = await this.addPassword(application.id);
        clientSecret = password.secretText;
        clientSecretExpiresAt = endOf(password);
        // Deleting the application deletes its passwords.
      }

      step = 'servicePrincipal';
      const servicePrincipal = (await this.graph.api('/servicePrincipals').post({ appId: application.appId })) as { id: string };
      undo.push({
        what: `service principal ${servicePrincipal.id}`,
        run: () => this.graph.api(`/servicePrincipals/${servicePrincipal.id}`).delete() as Promise<void>,
      });

      let vaultSecret: string | null = null;
      if (clientSecret !== null) {
        step = 'vault';
        const name = vaultSecretName(application.appId);
        try {
          await this.storeSecret(this.vaultUrl, name, application.appId, clientSecret);
        } catch (error) {
          // Without an answer (or with a 5xx) the secret may have been stored all the same: delete it too.
          if (outcomeUnknown(error)) undo.push({ what: `vault secret ${name}`, run: () => this.deleteVaultSecret(this.vaultUrl, name) });
          throw error;
        }
        vaultSecret = name;
      }
      return {
        clientId: application.appId,
        clientSecret,
        clientSecretExpiresAt,
        azureApplicationId: application.id,
        azureServicePrincipalId: servicePrincipal.id,
        azureVaultUrl: vaultSecret === null ? null : this.vaultUrl,
        azureVaultSecretName: vaultSecret,
      };
    } catch (error) {
      for (const { what, run } of undo.reverse()) {
        try {
          await run();
        } catch (undoError) {
          if (statusOf(undoError) !== 404)
            this.logger?.error({ err: reasonOf(undoError) }, `dcr azure backend: could not remove ${what} after a failed registration`);
        }
      }
      throw answerFor(step, error);
    }
  }

  async update(clientId: string, metadata: ClientMetadata): Promise<void> {
    try {
      await this.token();
    } catch (error) {
      throw answerFor('token', error);
    }
    try {
      await this.graph.api(`/applications${byAppId(clientId)}`).patch(applicationFields(metadata));
    } catch (error) {
      throw answerFor('application', error);
    }
  }

  /**
   * Removes the vault secret, the service principal and the application, by the ids the row stored (a row older
   * than those columns: by the appId, and the vault secret named after it in the configured vault).
   */
  /**
   * A new password, then its secret stored as the vault secret's next version, then the application's earlier
   * passwords of the gateway's (by displayName, as the application lists them) removed. A failure before the last
   * step leaves the old secret working: a password the vault refused to keep is removed again (one whose outcome
   * is unknown stays: the vault may hold it); a failure of the last step leaves the old and the new one working,
   * and the next rotation removes both.
   */
  async rotateSecret(client: StoredIdentity): Promise<RotatedSecret> {
    const { clientId } = client;
    let step: AzureStep = 'token';
    try {
      await this.token();
      step = 'readApplication';
      const application = (await this.graph
        .api(`/applications${applicationKey(client)}`)
        .select(['id', 'passwordCredentials'])
        .get()) as {
        id: string;
        passwordCredentials?: GraphPassword[];
      };
      const earlier = (application.passwordCredentials ?? []).filter((p) => p.displayName === passwordDisplayName && p.keyId).map((p) => p.keyId!);

      step = 'password';
      const password = await this.addPassword(application.id);

      step = 'vault';
      const vaultUrl = client.azureVaultUrl ?? this.vaultUrl;
      const name = client.azureVaultSecretName ?? vaultSecretName(clientId);
      try {
        await this.storeSecret(vaultUrl, name, clientId, password.secretText);
      } catch (error) {
        if (!outcomeUnknown(error) && password.keyId) {
          await this.removePassword(application.id, password.keyId).catch((undoError: unknown) => {
            this.logger?.error({ err: reasonOf(undoError) }, `dcr azure backend: could not remove the new password of application ${application.id}`);
          });
        }
        throw error;
      }

      step = 'removePassword';
      for (const keyId of earlier) await this.removePassword(application.id, keyId);
      return {
        clientSecret: password.secretText,
        clientSecretExpiresAt: endOf(password),
        azureApplicationId: application.id,
        azureVaultUrl: vaultUrl,
        azureVaultSecretName: name,
      };
    } catch (error) {
      throw answerFor(step, error);
    }
  }

  async remove(client: StoredIdentity): Promise<void> {
    const { clientId } = client;
    let step: AzureStep = 'token';
    try {
      await this.token();
      step = 'vault';
      await this.deleteVaultSecret(client.azureVaultUrl ?? this.vaultUrl, client.azureVaultSecretName ?? vaultSecretName(clientId));
      step = 'servicePrincipal';
      const servicePrincipal = client.azureServicePrincipalId === null ? byAppId(clientId) : `/${client.azureServicePrincipalId}`;
      await this.ignoreMissing(this.graph.api(`/servicePrincipals${servicePrincipal}`).delete());
      step = 'application';
      await this.ignoreMissing(this.graph.api(`/applications${applicationKey(client)}`).delete());
    } catch (error) {
      const answer = answerFor(step, error);
      // A 400 here is not about the client's metadata.
      throw answer.code === 'invalid_client_metadata' ? backendRefused(answer.description) : answer;
    }
  }

  /** A token for Graph first, so that the token endpoint's failure is told apart from Graph's. */
  private async token(): Promise<void> {
    await this.credential.getToken(this.graphScope);
  }

  /** A new password of the application (Graph addPassword): its secret, keyId and end. */
  private async addPassword(applicationId: string): Promise<GraphPassword & { secretText: string }> {
    const password = (await this.graph
      .api(`/applications/${applicationId}/addPassword`)
      .post({ passwordCredential: { displayName: passwordDisplayName } })) as GraphPassword;
    if (!password.secretText) throw new Error('addPassword answered without secretText');
    return { ...password, secretText: password.secretText };
  }

  /** Removes one password of the application (Graph removePassword). */
  private async removePassword(applicationId: string, keyId: string): Promise<void> {
    await this.graph.api(`/applications/${applicationId}/removePassword`).post({ keyId });
  }

  /** Stores a client's secret in the vault: the secret's first version, or its next one. */
  private async storeSecret(vaultUrl: string, name: string, clientId: string, secret: string): Promise<void> {
    await this.vault(vaultUrl).setSecret(name, secret, { contentType: 'client_secret', tags: { clientId, createdBy: 'mcp-portal-dcr' } });
  }

  /** Deletes (soft-deletes, waits, then purges where allowed) a vault secret; one already gone counts as deleted. */
  private async deleteVaultSecret(vaultUrl: string, name: string): Promise<void> {
    const vault = this.vault(vaultUrl);
    try {
      const poller = await vault.beginDeleteSecret(name, { intervalInMs: this.vaultPollIntervalMs });
      await poller.pollUntilDone();
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw error;
    }
    try {
      await vault.purgeDeletedSecret(name);
    } catch (error) {
      // A vault without soft delete, or without the purge permission, or with purge protection: deleted is enough.
      this.logger?.warn({ err: reasonOf(error) }, `dcr azure backend: vault secret ${name} deleted but not purged`);
    }
  }

  private async ignoreMissing(request: Promise<unknown>): Promise<void> {
    try {
      await request;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
}
