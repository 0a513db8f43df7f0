import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { oauthGrantApplication } from '../src/lib/oauth-format.ts';
import { expectOneErrorLine, runCli, tempDockerConfig } from './helpers.ts';

interface Grant {
  id: string;
  clientId: string;
  clientName: string;
  clientKind: string;
  user: { id: string; email: string };
  scopes: string[];
  resource: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const redirectUri = 'http://127.0.0.1:53682/callback';

/**
 * `docker mcp oauth apps` through bin/docker-mcp against the whole platform: an MCP client registered at the
 * router's RFC 7591 endpoint and authorized by the admin at the platform's authorization server (authorize with
 * PKCE, the consent decision, the code redeemed) is listed, revoked and then only listed with --include-revoked;
 * a viewer sees none of it and is refused everyone's; an unknown id is one error line.
 */
describe('docker mcp oauth apps against the platform', () => {
  let platform: TestPlatform;
  let config: string;
  let adminToken: string;
  let adminEmail: string;
  let viewerToken: string;
  let clientId: string;
  const viewer = { email: `viewer-${Date.now().toString(36)}@example.test`, password: 'viewer-password-1' };

  const env = (token: string) => ({ DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: token });
  const asAdmin = (args: string[]) => runCli(args, { env: env(adminToken) });
  const asViewer = (args: string[]) => runCli(args, { env: env(viewerToken) });
  const listed = async (args: string[]): Promise<Grant[]> => {
    const result = await asAdmin(['oauth', 'apps', 'ls', ...args, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Grant[];
  };

  /** Registration → /oauth/authorize with PKCE → the admin's consent → the code redeemed for tokens. */
  async function authorizeApplication(): Promise<string> {
    const registered = await fetch(`${platform.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: [redirectUri],
        client_name: 'Notes desktop',
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(registered.status).toBe(201);
    const { client_id } = (await registered.json()) as { client_id: string };

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URL(`${platform.url}/oauth/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st-1',
    }).toString();
    const started = await fetch(authorize, { redirect: 'manual' });
    expect(started.status).toBe(302);
    const consentId = /^\/oauth\/consent\/([A-Za-z0-9_-]{43})$/.exec(new URL(started.headers.get('location') ?? '').pathname)?.[1];
    expect(consentId).toBeDefined();

    const decided = await platform.request<{ decideOAuthAuthorization: { redirectTo: string } }>(
      'mutation($id: ID!) { decideOAuthAuthorization(id: $id, approve: true) { redirectTo } }',
      { id: consentId },
      adminToken,
    );
    expect(decided.errors).toBeUndefined();
    const code = new URL(decided.data?.decideOAuthAuthorization.redirectTo ?? '').searchParams.get('code') ?? '';
    const tokens = await fetch(`${platform.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id }),
    });
    expect(tokens.status).toBe(200);
    return client_id;
  }

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'cli-oauth-apps' });
    config = await tempDockerConfig();
    adminToken = await platform.adminToken();
    const me = await platform.request<{ me: { email: string } }>('{ me { email } }', {}, adminToken);
    adminEmail = me.data?.me.email ?? '';
    const created = await platform.request(
      'mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: VIEWER) { id } }',
      viewer,
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const login = await platform.request<{ login: { token: string } }>(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      viewer,
    );
    viewerToken = login.data?.login.token ?? '';
    clientId = await authorizeApplication();
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
  });

  it('lists the application as a table and as JSON', async () => {
    const table = await asAdmin(['oauth', 'apps', 'ls']);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+APPLICATION\s+USER\s+SCOPES\s+STATUS\s+AUTHORIZED\s+LAST USED$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^[0-9a-f-]{36}\\s+Notes desktop\\s+${adminEmail.replace(/\./g, '\\.')}\\s+mcp\\s+active\\s+.+ago\\s+never$`));

    const grants = await listed([]);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientId,
      clientName: 'Notes desktop',
      clientKind: 'REGISTERED',
      user: { id: expect.any(String), email: adminEmail },
      scopes: ['mcp'],
      resource: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/),
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(table.stdout).toContain(grants[0]?.id);
    // The admin's own by default; the same one for --user (email or id) and --all.
    expect((await listed(['--user', adminEmail])).map((grant) => grant.id)).toEqual([grants[0]?.id]);
    expect((await listed(['--user', grants[0]?.user.id ?? ''])).map((grant) => grant.id)).toEqual([grants[0]?.id]);
    expect((await listed(['--all'])).map((grant) => grant.id)).toContain(grants[0]?.id);
  });

  it("shows a viewer only their own, refuses them everyone's and another's grant with one error line", async () => {
    const own = await asViewer(['oauth', 'apps', 'ls']);
    expect(own.code).toBe(0);
    expect(own.stdout.trim()).toBe('No authorized application (--include-revoked shows revoked ones).');
    const everyone = await asViewer(['oauth', 'apps', 'ls', '--all']);
    expect(everyone.code).toBe(1);
    expect(expectOneErrorLine(everyone.stderr)).toBe("Error: Only an admin may see other users' authorized applications.");

    const [grant] = await listed([]);
    const notTheirs = await asViewer(['oauth', 'apps', 'revoke', grant?.id ?? '']);
    expect(notTheirs.code).toBe(1);
    expect(expectOneErrorLine(notTheirs.stderr)).toContain(`no authorized application ${grant?.id} that you may revoke`);
    expect((await listed([]))[0]?.revokedAt).toBeNull();
  });

  it('revokes the application: gone from ls, shown with --include-revoked', async () => {
    const [grant] = await listed([]);
    const revoked = await asAdmin(['oauth', 'apps', 'revoke', grant?.id ?? '']);
    expect(revoked.stderr).toBe('');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout.trim()).toBe(`Revoked Notes desktop (authorized by ${adminEmail}): its tokens no longer refresh`);

    expect(await listed([])).toEqual([]);
    const empty = await asAdmin(['oauth', 'apps', 'ls']);
    expect(empty.stdout.trim()).toBe('No authorized application (--include-revoked shows revoked ones).');
    const withRevoked = await listed(['--include-revoked']);
    expect(withRevoked).toEqual([expect.objectContaining({ id: grant?.id, revokedAt: expect.any(String) })]);
    const table = await asAdmin(['oauth', 'apps', 'ls', '--include-revoked']);
    expect(table.stdout).toMatch(new RegExp(`${grant?.id}\\s+Notes desktop\\s+\\S+\\s+mcp\\s+revoked`));

    // Again: nothing changes, and --json prints the grant with its revokedAt.
    const again = await asAdmin(['oauth', 'apps', 'revoke', grant?.id ?? '', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ id: grant?.id, clientId, revokedAt: withRevoked[0]?.revokedAt });
  });

  it('gives one error line and exit 1 for an unknown id', async () => {
    for (const id of ['nobody', '00000000-0000-4000-8000-000000000000']) {
      const unknown = await asAdmin(['oauth', 'apps', 'revoke', id]);
      expect(unknown.code, id).toBe(1);
      expect(expectOneErrorLine(unknown.stderr), id).toBe(
        `Error: There is no authorized application ${id} that you may revoke: see \`docker mcp oauth apps ls\`.`,
      );
    }
  });
});

describe('oauthGrantApplication', () => {
  it('names an application by its registered name, its metadata document host, or its client id', () => {
    expect(oauthGrantApplication({ clientId: 'mcp_abc', clientName: 'Notes', clientKind: 'REGISTERED' })).toBe('Notes');
    expect(oauthGrantApplication({ clientId: 'https://app.example:8443/oauth/client.json', clientName: '', clientKind: 'METADATA_DOCUMENT' })).toBe(
      'app.example:8443',
    );
    expect(oauthGrantApplication({ clientId: 'mcp_abc', clientName: '', clientKind: 'REGISTERED' })).toBe('unnamed (mcp_abc)');
  });
});
