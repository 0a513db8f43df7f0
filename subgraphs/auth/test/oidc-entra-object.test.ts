import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { InternalRequestKey, SecretBox } from '@mcp-portal/kit';
import { entraObjectIssuer, externalIdentityUserPath } from '@mcp-portal/schema';
import { authSubgraph, type AuthServices } from '../src/index.ts';
import { externalIdentityStore } from '../src/store/external-identities.ts';
import { signInAtTestProvider, startTestIdentityProvider, type TestIdentityProvider } from '../src/testing/identity-provider.ts';

const admin = { email: 'entra-admin@example.test', password: 'correct horse battery' };
const tenantId = randomUUID();

interface Deployment {
  harness: SubgraphHarness<AuthServices>;
  idp: TestIdentityProvider;
  portal: string;
}

/** An auth subgraph signing users in through the test IdP, served under `issuerPath`. */
async function startDeployment(issuerPath?: string): Promise<Deployment> {
  const port = await freePort();
  const portal = `http://127.0.0.1:${port}`;
  const idp = await startTestIdentityProvider({ redirectUris: [`${portal}/auth/oidc/callback`], ...(issuerPath ? { issuerPath } : {}) });
  const env = {
    MCP_ADMIN_EMAIL: admin.email,
    MCP_ADMIN_PASSWORD: admin.password,
    OIDC_ISSUER_URL: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_REDIRECT_URL: `${portal}/auth/oidc/callback`,
  };
  return { harness: await startSubgraphHarness(authSubgraph, { port, env }), idp, portal };
}

let entra: Deployment;
let other: Deployment;

beforeAll(async () => {
  [entra, other] = await Promise.all([startDeployment(`/${tenantId}/v2.0`), startDeployment()]);
});
afterAll(async () => {
  for (const deployment of [entra, other]) {
    await deployment?.harness.close();
    await deployment?.idp.close();
  }
});

/** Signs in at the IdP like a browser and answers the session's user (null when refused). */
async function signIn({ portal }: Deployment, login: string) {
  const result = await signInAtTestProvider(`${portal}/auth/oidc/login`, login);
  const cookie = result.cookies.find((c) => c.startsWith('mcp_refresh='))?.split(';')[0];
  if (!cookie) return null;
  const refreshed = await fetch(`${portal}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json', cookie } });
  return ((await refreshed.json()) as { user: { id: string; email: string; role: string } }).user;
}

/** Asks the internal route, signed with the deployment's master key (or another key), for the user of an identity. */
async function userOf({ harness }: Deployment, issuer: string, subject: string, secrets: SecretBox = harness.secrets) {
  const url = new URL(externalIdentityUserPath, harness.subgraph.url);
  url.search = new URLSearchParams({ issuer, subject }).toString();
  return InternalRequestKey.from(secrets).getJson(url);
}

async function adminToken({ harness }: Deployment) {
  const login = await harness.request<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
    e: admin.email,
    p: admin.password,
  });
  return login.data!.login.token;
}

describe('the Entra object id of an OIDC sign-in', () => {
  it('is probed by an issuer with a path: the test IdP serves an Entra-like tenant', () => {
    expect(new URL(entra.idp.issuer).pathname).toBe(`/${tenantId}/v2.0`);
  });

  it('is linked to the user at sign-in, and the internal route names them (signed requests only)', async () => {
    const oid = randomUUID();
    entra.idp.accounts.set('erin', { email: 'erin@example.test', tid: tenantId.toUpperCase(), oid: oid.toUpperCase() });
    const user = await signIn(entra, 'erin');
    expect(user).toMatchObject({ email: 'erin@example.test', role: 'VIEWER' });

    const answer = await userOf(entra, entraObjectIssuer(tenantId), oid);
    expect(answer).toEqual({ status: 200, body: { userId: user!.id, email: 'erin@example.test', role: 'viewer' } });
    const identities = await externalIdentityStore(entra.harness.database.db).ofUser(user!.id);
    expect(identities).toContainEqual({ issuer: `entra-object:${tenantId}`, subject: oid });

    // Signing in again keeps the one link.
    expect((await signIn(entra, 'erin'))?.id).toBe(user!.id);
    expect((await externalIdentityStore(entra.harness.database.db).ofUser(user!.id)).filter((i) => i.issuer.startsWith('entra-object:'))).toHaveLength(1);

    const url = new URL(externalIdentityUserPath, entra.harness.subgraph.url);
    url.search = new URLSearchParams({ issuer: entraObjectIssuer(tenantId), subject: oid }).toString();
    expect((await fetch(url)).status).toBe(401);
    expect((await userOf(entra, entraObjectIssuer(tenantId), oid, SecretBox.fromBase64(SecretBox.generateKey()))).status).toBe(401);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
  });

  it('answers 404 for an identity no one has, and 400 for a malformed query', async () => {
    expect((await userOf(entra, entraObjectIssuer(tenantId), randomUUID())).status).toBe(404);
    expect((await userOf(entra, entraObjectIssuer(randomUUID()), randomUUID())).status).toBe(404);
    expect((await userOf(entra, 'x'.repeat(301), randomUUID())).status).toBe(400);
    const url = new URL(externalIdentityUserPath, entra.harness.subgraph.url);
    url.search = new URLSearchParams({ issuer: entraObjectIssuer(tenantId) }).toString();
    expect((await InternalRequestKey.from(entra.harness.secrets).getJson(url)).status).toBe(400);
  });

  it('answers 404 once the user is disabled', async () => {
    const oid = randomUUID();
    entra.idp.accounts.set('gina', { tid: tenantId, oid });
    const user = await signIn(entra, 'gina');
    expect((await userOf(entra, entraObjectIssuer(tenantId), oid)).status).toBe(200);
    const disabled = await entra.harness.request(
      'mutation($id: ID!) { updateUser(id: $id, disabled: true) { id disabled } }',
      { id: user!.id },
      await adminToken(entra),
    );
    expect(disabled.errors).toBeUndefined();
    expect(await userOf(entra, entraObjectIssuer(tenantId), oid)).toEqual({ status: 404, body: { error: 'not_found' } });
  });

  it('is not moved from the user it is linked to when another account of the provider carries it', async () => {
    const oid = randomUUID();
    entra.idp.accounts.set('hank', { tid: tenantId, oid });
    entra.idp.accounts.set('hank-twin', { tid: tenantId, oid });
    const hank = await signIn(entra, 'hank');
    const twin = await signIn(entra, 'hank-twin');
    expect(twin).toMatchObject({ email: 'hank-twin@example.test' });
    expect(twin!.id).not.toBe(hank!.id);
    expect((await userOf(entra, entraObjectIssuer(tenantId), oid)).body).toMatchObject({ userId: hank!.id });
  });

  it('is not linked when the claims name another tenant than the issuer, or are no GUIDs', async () => {
    const otherTenant = randomUUID();
    const oid = randomUUID();
    entra.idp.accounts.set('ivan', { tid: otherTenant, oid });
    entra.idp.accounts.set('judy', { tid: tenantId, oid: 'not-a-guid' });
    const ivan = await signIn(entra, 'ivan');
    const judy = await signIn(entra, 'judy');
    expect(ivan).not.toBeNull();
    expect(judy).not.toBeNull();
    expect((await userOf(entra, entraObjectIssuer(otherTenant), oid)).status).toBe(404);
    expect((await userOf(entra, entraObjectIssuer(tenantId), 'not-a-guid')).status).toBe(404);
    for (const user of [ivan!, judy!]) {
      const identities = await externalIdentityStore(entra.harness.database.db).ofUser(user.id);
      expect(identities.map((i) => i.issuer)).toEqual([new URL(entra.idp.issuer).toString()]);
    }
  });

  it('is not linked when the OIDC provider is not that Entra tenant (an issuer without /{tid}/v2.0)', async () => {
    const oid = randomUUID();
    other.idp.accounts.set('kate', { tid: tenantId, oid });
    const kate = await signIn(other, 'kate');
    expect(kate).toMatchObject({ email: 'kate@example.test' });
    expect((await userOf(other, entraObjectIssuer(tenantId), oid)).status).toBe(404);
    const identities = await externalIdentityStore(other.harness.database.db).ofUser(kate!.id);
    expect(identities.map((i) => i.issuer)).toEqual([new URL(other.idp.issuer).toString()]);
  });
});
