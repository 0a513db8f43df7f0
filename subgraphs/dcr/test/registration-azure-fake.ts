import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

/** The steps a test can make fail (what the fake answers instead of doing the step). */
export type FakeAzureStep = 'token' | 'application' | 'password' | 'servicePrincipal' | 'vault' | 'readApplication' | 'removePassword';

export interface FakeApplication {
  id: string;
  appId: string;
  body: Record<string, unknown>;
  /** Its passwords (Graph's passwordCredentials), with the secret each was issued with. */
  passwords: { keyId: string; displayName: string | null; secretText: string; startDateTime: string; endDateTime: string }[];
}

/**
 * Entra ID (token endpoint and its OpenID discovery), Microsoft Graph v1.0 (applications, addPassword,
 * removePassword, service principals) and Key Vault (secrets and their versions, challenge-based auth, soft delete
 * and purge) on one https loopback server, as
 * Microsoft documents their protocols; it keeps what exists, so that a test sees what a registration created and
 * what its rollback or deletion left behind.
 */
export interface FakeAzure {
  origin: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  applications: Map<string, FakeApplication>;
  /** Service principals by object id: their appId. */
  servicePrincipals: Map<string, string>;
  /** Live vault secrets by name: their value (the newest version's). */
  secrets: Map<string, string>;
  /** Live vault secrets by name: the values of their versions, oldest first. */
  secretVersions: Map<string, string[]>;
  /** Soft-deleted vault secrets by name. */
  deletedSecrets: Map<string, string>;
  /** Every request: method, path (with query) and the scope of the token it carried, if any. */
  requests: { method: string; path: string }[];
  /**
   * The next request of this step answers this status (once; the token endpoint: until cleared). `application`:
   * creating or patching it; `readApplication`: getting it; `password`: addPassword; `removePassword`: removePassword;
   * `servicePrincipal`: creating or deleting it; `vault`: setting a secret.
   */
  failNext: Partial<Record<FakeAzureStep, number>>;
  /** Every request of this step answers this status until cleared (past the SDKs' retries of a 5xx). */
  failEvery: Partial<Record<FakeAzureStep, number>>;
  /** The appId the next application gets (once; default a new GUID). */
  nextAppId?: string;
  /** Whether anything exists (applications, principals, live or soft-deleted secrets). */
  empty(): boolean;
  /**
   * The OAuth client an application is to the tenant's authorization server (what Entra ID signs it in as): its
   * appId, its newest password, the `web` redirect URIs; only while the application and its service principal
   * exist (undefined otherwise).
   */
  clientOf(appId: string): { client_id: string; client_secret?: string; redirect_uris: string[] } | undefined;
  /**
   * An access token Entra ID would issue to a user of the tenant for an API (RFC 9068-like v2.0 claims: iss the
   * tenant's v2.0 issuer, `oid`, `tid`, `scp`, `azp`), signed with the key the tenant's JWKS publishes; `claims`
   * overrides any of them (an expired one, another audience or tenant).
   */
  userAccessToken(claims: { oid: string; aud: string; azp?: string; scp?: string } & Record<string, unknown>): Promise<string>;
  /** Whether Entra ID would accept this secret for this client: the application, its service principal and a password with it exist. */
  accepts(appId: string, secret: string): boolean;
  close(): Promise<void>;
}

const graphVersion = '/v1.0';

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

function graphError(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, {
    error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } },
  });
}

/** Graph's 404 for an object id or alternate key that names nothing. */
function resourceNotFound(res: ServerResponse, id: string | undefined): void {
  graphError(res, 404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

function vaultError(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { error: { code, message } });
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeAzure(): Promise<FakeAzure> {
  const keyFile = process.env.MCP_TEST_AZURE_TLS_KEY;
  if (!keyFile || !process.env.NODE_EXTRA_CA_CERTS) throw new Error('test/registration-azure-tls.setup.ts (vitest globalSetup) did not run');
  const tenantId = randomUUID();
  const fake: Omit<FakeAzure, 'origin' | 'close' | 'userAccessToken'> = {
    tenantId,
    clientId: randomUUID(),
    clientSecret: randomBytes(24).toString('base64url'),
    applications: new Map(),
    servicePrincipals: new Map(),
    secrets: new Map(),
    secretVersions: new Map(),
    deletedSecrets: new Map(),
    requests: [],
    failNext: {},
    failEvery: {},
    empty() {
      return this.applications.size + this.servicePrincipals.size + this.secrets.size + this.deletedSecrets.size === 0;
    },
    clientOf(appId: string) {
      const application = [...this.applications.values()].find((candidate) => candidate.appId === appId);
      if (!application || ![...this.servicePrincipals.values()].includes(appId)) return undefined;
      const web = application.body.web as { redirectUris?: string[] } | undefined;
      const secret = application.passwords.at(-1)?.secretText;
      return { client_id: appId, ...(secret ? { client_secret: secret } : {}), redirect_uris: web?.redirectUris ?? [] };
    },
    accepts(appId: string, secret: string) {
      const application = [...this.applications.values()].find((candidate) => candidate.appId === appId);
      if (!application || ![...this.servicePrincipals.values()].includes(appId)) return false;
      return application.passwords.some((password) => password.secretText === secret && Date.parse(password.endDateTime) > Date.now());
    },
  };
  const signing = await generateKeyPair('RS256');
  const signingKid = randomBytes(8).toString('hex');
  const publicJwk = { ...(await exportJWK(signing.publicKey)), kid: signingKid, alg: 'RS256', use: 'sig' };
  /** Issued access tokens: their scope. */
  const tokens = new Map<string, string>();
  let origin = '';

  const failing = (step: FakeAzureStep): number | undefined => {
    if (fake.failEvery[step] !== undefined) return fake.failEvery[step];
    const status = fake.failNext[step];
    // The token endpoint keeps failing (MSAL retries a 5xx); the other steps fail once.
    if (step !== 'token') delete fake.failNext[step];
    return status;
  };

  const bearer = (req: IncomingMessage): string | undefined => tokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    fake.requests.push({ method, path: `${url.pathname}${url.search}` });
    const body = await bodyOf(req);

    if (method === 'GET' && path === `/${tenantId}/discovery/v2.0/keys`) return json(res, 200, { keys: [publicJwk] });
    // Entra ID: OpenID discovery of the tenant's v2.0 authority, then the token endpoint (client credentials).
    if (method === 'GET' && path === `/${tenantId}/v2.0/.well-known/openid-configuration`) {
      return json(res, 200, {
        issuer: `${origin}/${tenantId}/v2.0`,
        token_endpoint: `${origin}/${tenantId}/oauth2/v2.0/token`,
        authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
        jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        tenant_region_scope: null,
        cloud_instance_name: 'microsoftonline.com',
      });
    }
    if (method === 'POST' && path === `/${tenantId}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(body);
      const status = failing('token');
      if (status !== undefined && status >= 500)
        return json(res, status, { error: 'temporarily_unavailable', error_description: 'AADSTS90033: A transient error has occurred. Please try again.' });
      if (status !== undefined) {
        return json(res, status, {
          error: 'invalid_client',
          error_description:
            "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'x'.",
          error_codes: [7000215],
        });
      }
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== fake.clientId || form.get('client_secret') !== fake.clientSecret) {
        return json(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] });
      }
      const scope = form.get('scope') ?? '';
      if (!/\/\.default$/.test(scope))
        return json(res, 400, { error: 'invalid_scope', error_description: 'AADSTS1002012: The provided value for scope is not valid.' });
      const token = randomBytes(32).toString('base64url');
      tokens.set(token, scope);
      // Under five minutes: MSAL asks again for every call, so that each test's first step reaches this endpoint.
      return json(res, 200, { token_type: 'Bearer', expires_in: 299, ext_expires_in: 299, access_token: token });
    }

    // Microsoft Graph v1.0.
    if (path.startsWith(`${graphVersion}/`)) {
      const scope = bearer(req);
      if (scope !== `${origin}/.default`) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
      const resource = path.slice(graphVersion.length);
      const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      const applicationOf = (key: string): FakeApplication | undefined => {
        const byAppId = /^\(appId='([^']+)'\)$/.exec(key);
        if (byAppId) return [...fake.applications.values()].find((app) => app.appId === byAppId[1]);
        return fake.applications.get(key.replace(/^\//, ''));
      };
      let match: RegExpExecArray | null;
      if (method === 'POST' && resource === '/applications') {
        const status = failing('application');
        if (status === 400) return graphError(res, 400, 'Request_BadRequest', "Invalid value specified for property 'uri' of resource 'RedirectUri'.");
        if (status !== undefined) return graphError(res, status, 'generalException', 'The service failed to process the request.');
        if (typeof input.displayName !== 'string') return graphError(res, 400, 'Request_BadRequest', "Property 'displayName' is required.");
        const application: FakeApplication = { id: randomUUID(), appId: fake.nextAppId ?? randomUUID(), body: input, passwords: [] };
        delete fake.nextAppId;
        fake.applications.set(application.id, application);
        return json(res, 201, {
          '@odata.context': `${origin}/v1.0/$metadata#applications/$entity`,
          id: application.id,
          appId: application.appId,
          ...input,
          passwordCredentials: [],
        });
      }
      if (method === 'POST' && (match = /^\/applications\/([^/]+)\/addPassword$/.exec(resource))) {
        const application = fake.applications.get(match[1]!);
        if (!application) return resourceNotFound(res, match[1]);
        const status = failing('password');
        if (status !== undefined) return graphError(res, status, 'generalException', 'The service failed to process the request.');
        const secretText = `${randomBytes(3).toString('hex')}~${randomBytes(27).toString('base64url')}`;
        const now = new Date();
        // Graph's default lifetime: two years from now.
        const password = {
          keyId: randomUUID(),
          displayName: (input.passwordCredential as { displayName?: string } | undefined)?.displayName ?? null,
          secretText,
          startDateTime: now.toISOString(),
          endDateTime: new Date(now.getTime() + 2 * 365 * 86_400_000).toISOString(),
        };
        application.passwords.push(password);
        return json(res, 200, {
          '@odata.context': `${origin}/v1.0/$metadata#microsoft.graph.passwordCredential`,
          customKeyIdentifier: null,
          hint: secretText.slice(0, 3),
          ...password,
        });
      }
      if (method === 'POST' && (match = /^\/applications\/([^/]+)\/removePassword$/.exec(resource))) {
        const application = fake.applications.get(match[1]!);
        if (!application) return resourceNotFound(res, match[1]);
        const status = failing('removePassword');
        if (status !== undefined) return graphError(res, status, 'generalException', 'The service failed to process the request.');
        const index = application.passwords.findIndex((password) => password.keyId === input.keyId);
        if (index < 0) return graphError(res, 400, 'Request_BadRequest', `No password credential with keyId '${String(input.keyId)}'.`);
        application.passwords.splice(index, 1);
        return void res.writeHead(204).end();
      }
      if (method === 'POST' && resource === '/servicePrincipals') {
        const status = failing('servicePrincipal');
        if (status !== undefined) return graphError(res, status, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
        const appId = input.appId;
        if (typeof appId !== 'string' || ![...fake.applications.values()].some((app) => app.appId === appId)) {
          return graphError(
            res,
            400,
            'Request_BadRequest',
            `The appId '${String(appId)}' of the service principal does not reference a valid application object.`,
          );
        }
        const id = randomUUID();
        fake.servicePrincipals.set(id, appId);
        return json(res, 201, { '@odata.context': `${origin}/v1.0/$metadata#servicePrincipals/$entity`, id, appId, servicePrincipalType: 'Application' });
      }
      if ((match = /^\/applications(\/[^/(]+|\(appId='[^']+'\))$/.exec(resource))) {
        const application = applicationOf(match[1]!);
        if (!application) return resourceNotFound(res, match[1]);
        if (method === 'PATCH') {
          const status = failing('application');
          if (status === 400) return graphError(res, 400, 'Request_BadRequest', "Invalid value specified for property 'uri' of resource 'RedirectUri'.");
          if (status !== undefined) return graphError(res, status, 'generalException', 'The service failed to process the request.');
          application.body = { ...application.body, ...input };
          return void res.writeHead(204).end();
        }
        if (method === 'DELETE') {
          fake.applications.delete(application.id);
          return void res.writeHead(204).end();
        }
        if (method === 'GET') {
          const status = failing('readApplication');
          if (status !== undefined) return graphError(res, status, 'generalException', 'The service failed to process the request.');
          // Its passwordCredentials without their secrets (Graph returns secretText only from addPassword).
          const passwordCredentials = application.passwords.map(({ secretText, ...password }) => ({
            ...password,
            customKeyIdentifier: null,
            hint: secretText.slice(0, 3),
            secretText: null,
          }));
          const whole: Record<string, unknown> = { id: application.id, appId: application.appId, ...application.body, passwordCredentials };
          const select = url.searchParams.get('$select')?.split(',');
          const fields = select ? Object.fromEntries(Object.entries(whole).filter(([key]) => select.includes(key))) : whole;
          return json(res, 200, { '@odata.context': `${origin}/v1.0/$metadata#applications/$entity`, ...fields });
        }
      }
      if ((match = /^\/servicePrincipals(\/[^/(]+|\(appId='[^']+'\))$/.exec(resource)) && method === 'DELETE') {
        const key = match[1]!;
        const byAppId = /^\(appId='([^']+)'\)$/.exec(key);
        const id = byAppId ? [...fake.servicePrincipals].find(([, appId]) => appId === byAppId[1])?.[0] : key.slice(1);
        const status = failing('servicePrincipal');
        if (status !== undefined) return graphError(res, status, 'generalException', 'The service failed to process the request.');
        if (!id || !fake.servicePrincipals.has(id)) return resourceNotFound(res, key);
        fake.servicePrincipals.delete(id);
        return void res.writeHead(204).end();
      }
      return graphError(res, 400, 'BadRequest', `Resource not found for the segment '${resource}'.`);
    }

    // Key Vault: challenge-based auth (a request without a token gets 401 and where to get one), then secrets.
    if (path.startsWith('/secrets/') || path.startsWith('/deletedsecrets/')) {
      if (!url.searchParams.get('api-version')) return vaultError(res, 400, 'BadParameter', 'The api-version query parameter is required.');
      if (bearer(req) !== 'https://vault.azure.net/.default') {
        res.setHeader('www-authenticate', `Bearer authorization="${origin}/${tenantId}", resource="https://vault.azure.net"`);
        return vaultError(res, 401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.');
      }
      const deleted = path.startsWith('/deletedsecrets/');
      const [, , name = '', version = ''] = path.split('/');
      /** A version's id: its index among the secret's versions, as 32 hex digits. */
      const versionId = (index: number) => index.toString(16).padStart(32, '0');
      const bundle = (value: string | undefined, extra: Record<string, unknown> = {}, index = (fake.secretVersions.get(name)?.length ?? 1) - 1) => ({
        ...(value !== undefined ? { value } : {}),
        id: `${origin}/secrets/${name}/${versionId(Math.max(index, 0))}`,
        contentType: 'client_secret',
        attributes: { enabled: true, created: 1_700_000_000, updated: 1_700_000_000, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 7 },
        ...extra,
      });
      const deletedFields = () => ({ recoveryId: `${origin}/deletedsecrets/${name}`, deletedDate: 1_700_000_000, scheduledPurgeDate: 1_700_604_800 });
      if (!deleted && method === 'PUT') {
        const status = failing('vault');
        if (status !== undefined)
          return vaultError(res, status, 'Forbidden', 'The user, group or application does not have secrets set permission on key vault.');
        const input = JSON.parse(body) as { value?: unknown; tags?: Record<string, string> };
        if (typeof input.value !== 'string') return vaultError(res, 400, 'BadParameter', 'Secret value is required.');
        if (fake.deletedSecrets.has(name)) return vaultError(res, 409, 'Conflict', `Secret ${name} is currently in a deleted but recoverable state.`);
        // Setting an existing secret adds its next version.
        const versions = [...(fake.secretVersions.get(name) ?? []), input.value];
        fake.secretVersions.set(name, versions);
        fake.secrets.set(name, input.value);
        return json(res, 200, bundle(input.value, { tags: input.tags }));
      }
      if (!deleted && method === 'GET') {
        const versions = fake.secretVersions.get(name) ?? [];
        const index = version ? versions.findIndex((_, i) => versionId(i) === version) : versions.length - 1;
        return index < 0
          ? vaultError(res, 404, 'SecretNotFound', `A secret with (name/id) ${name}${version ? `/${version}` : ''} was not found in this key vault.`)
          : json(res, 200, bundle(versions[index], {}, index));
      }
      if (!deleted && method === 'DELETE') {
        const value = fake.secrets.get(name);
        if (value === undefined) return vaultError(res, 404, 'SecretNotFound', `A secret with (name/id) ${name} was not found in this key vault.`);
        // Every version goes with it.
        fake.secrets.delete(name);
        fake.secretVersions.delete(name);
        fake.deletedSecrets.set(name, value);
        return json(res, 200, bundle(undefined, deletedFields()));
      }
      if (deleted && method === 'GET') {
        return fake.deletedSecrets.has(name)
          ? json(res, 200, bundle(undefined, deletedFields()))
          : vaultError(res, 404, 'SecretNotFound', `Deleted Secret not found: ${name}`);
      }
      if (deleted && method === 'DELETE') {
        if (!fake.deletedSecrets.delete(name)) return vaultError(res, 404, 'SecretNotFound', `Deleted Secret not found: ${name}`);
        return void res.writeHead(204).end();
      }
    }
    json(res, 404, { error: 'not_found', path });
  }

  const server: Server = createServer({ key: readFileSync(keyFile), cert: readFileSync(join(dirname(keyFile), 'cert.pem')) }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: 'fake_failure', message: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const userAccessToken: FakeAzure['userAccessToken'] = ({ oid, aud, azp, scp, ...rest }) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ oid, tid: tenantId, azp: azp ?? randomUUID(), scp: scp ?? 'mcp', ver: '2.0', sub: randomBytes(16).toString('base64url'), ...rest })
      .setProtectedHeader({ alg: 'RS256', kid: signingKid, typ: 'JWT' })
      .setIssuer(`${origin}/${tenantId}/v2.0`)
      .setAudience(aud)
      .setIssuedAt(now)
      .setExpirationTime(typeof rest.exp === 'number' ? rest.exp : now + 3600)
      .sign(signing.privateKey);
  };
  return Object.assign(fake, {
    origin,
    userAccessToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

/** The gateway's API that registered clients are given access to (its app id and delegated scope id in the tenant). */
export const fakeGatewayApi = { appId: '00000000-0000-4000-8000-00000000a91d', scopeId: '00000000-0000-4000-8000-0000000005c0' };

/** The dcr subgraph's settings for the azure backend against this fake (its tenant, credentials, vault and Graph). */
export function azureBackendEnv(azure: FakeAzure): Record<string, string> {
  return {
    MCP_DCR_BACKEND: 'azure',
    MCP_DCR_AZURE_TENANT_ID: azure.tenantId,
    MCP_DCR_AZURE_CLIENT_ID: azure.clientId,
    MCP_DCR_AZURE_CLIENT_SECRET: azure.clientSecret,
    MCP_DCR_AZURE_KEY_VAULT_URL: azure.origin,
    MCP_DCR_AZURE_API_APP_ID: fakeGatewayApi.appId,
    MCP_DCR_AZURE_API_SCOPE_ID: fakeGatewayApi.scopeId,
    MCP_DCR_AZURE_AUTHORITY_HOST: azure.origin,
    MCP_DCR_AZURE_GRAPH_URL: azure.origin,
  };
}
