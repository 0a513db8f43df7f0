import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { expectOneErrorLine, runCli, tempDockerConfig } from './helpers.ts';

interface Registered {
  client_id: string;
  client_secret?: string;
  registration_access_token: string;
  registration_client_uri: string;
}

/**
 * `docker mcp oauth clients` through bin/docker-mcp against the whole platform: clients registered at the router's
 * RFC 7591 endpoint, listed, shown, their secret rotated and revoked by an admin; a viewer is refused.
 */
describe('docker mcp oauth clients against the platform', () => {
  let platform: TestPlatform;
  let config: string;
  let adminToken: string;
  let viewerToken: string;
  let confidential: Registered;
  let publicClient: Registered;
  const viewer = { email: `viewer-${Date.now().toString(36)}@example.test`, password: 'viewer-password-1' };

  const env = (token: string) => ({ DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: token });
  const asAdmin = (args: string[]) => runCli(args, { env: env(adminToken) });

  async function register(metadata: Record<string, unknown>): Promise<Registered> {
    const response = await fetch(`${platform.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(metadata),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Registered;
  }

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'cli-oauth-clients' });
    config = await tempDockerConfig();
    adminToken = await platform.adminToken();
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
    confidential = await register({ redirect_uris: ['https://notes.example/callback'], client_name: 'Notes app' });
    publicClient = await register({ redirect_uris: ['http://127.0.0.1:33418/callback'], client_name: 'Desktop client', token_endpoint_auth_method: 'none' });
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
  });

  it('lists the clients as a table and as JSON, filtered and a page at a time', async () => {
    const table = await asAdmin(['oauth', 'clients', 'ls']);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CLIENT ID\s+NAME\s+STATUS\s+BACKEND\s+AUTH\s+REDIRECT HOSTS\s+CREATED BY\s+CREATED\s+LAST USED$/);
    expect(lines[1]).toContain(publicClient.client_id);
    expect(lines[1]).toMatch(/Desktop client\s+active\s+local\s+none\s+127\.0\.0\.1\s+anonymous/);
    expect(lines[2]).toMatch(/Notes app\s+active\s+local\s+client_secret_basic\s+notes\.example/);

    const json = await asAdmin(['oauth', 'clients', 'ls', '--search', 'notes', '--json']);
    expect(json.code).toBe(0);
    const page = JSON.parse(json.stdout) as { clients: { clientId: string }[]; totalCount: number; hasNextPage: boolean };
    expect(page.totalCount).toBe(1);
    expect(page.clients.map((c) => c.clientId)).toEqual([confidential.client_id]);
    expect(json.stdout).not.toContain(confidential.client_secret!);

    const first = await asAdmin(['oauth', 'clients', 'ls', '--limit', '1']);
    const cursor = /--after (\S+)/.exec(first.stdout)?.[1];
    expect(first.stdout).toContain('1 of 2');
    const second = await asAdmin(['oauth', 'clients', 'ls', '--limit', '1', '--after', cursor ?? '']);
    expect(second.stdout).toContain(confidential.client_id);
    expect(second.stdout).not.toContain('--after');

    const none = await asAdmin(['oauth', 'clients', 'ls', '--backend', 'azure']);
    expect(none.stdout.trim()).toBe('No OAuth client registered (that matches).');
  });

  it('shows one client, and one error line for an unknown one', async () => {
    const shown = await asAdmin(['oauth', 'clients', 'show', confidential.client_id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Client ID:\s+\S+/m);
    expect(shown.stdout).toMatch(/^Name:\s+Notes app$/m);
    expect(shown.stdout).toMatch(/^Status:\s+active$/m);
    expect(shown.stdout).toMatch(/^Type:\s+web, confidential$/m);
    // A local secret does not expire; a local client has no Entra application.
    expect(shown.stdout).toMatch(/^Secret expires:\s+never$/m);
    expect(shown.stdout).not.toMatch(/^Entra app:/m);
    expect(shown.stdout).toMatch(/^Redirect URIs:\s+https:\/\/notes\.example\/callback$/m);
    expect(shown.stdout).toMatch(/^Last used:\s+never$/m);
    const json = await asAdmin(['oauth', 'clients', 'show', confidential.client_id, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ clientId: confidential.client_id, revokedAt: null, clientSecretExpiresAt: null, azure: null });
    const unknown = await asAdmin(['oauth', 'clients', 'show', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(expectOneErrorLine(unknown.stderr)).toContain('no OAuth client nobody');
  });

  it('rotates a confidential client secret once; a public client has none', async () => {
    const rotated = await asAdmin(['oauth', 'clients', 'rotate-secret', confidential.client_id]);
    expect(rotated.code).toBe(0);
    const secret = rotated.stdout.trim().split('\n')[1] ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secret).not.toBe(confidential.client_secret);
    const json = await asAdmin(['oauth', 'clients', 'rotate-secret', confidential.client_id, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ clientSecret: expect.any(String), client: { clientId: confidential.client_id } });

    const refused = await asAdmin(['oauth', 'clients', 'rotate-secret', publicClient.client_id]);
    expect(refused.code).toBe(1);
    expect(expectOneErrorLine(refused.stderr)).toContain('public client');
  });

  it('revokes only with --yes when stdin is not a terminal; the registration access token then stops working; it stays listed as revoked', async () => {
    const unconfirmed = await asAdmin(['oauth', 'clients', 'revoke', publicClient.client_id]);
    expect(unconfirmed.code).toBe(1);
    expect(expectOneErrorLine(unconfirmed.stderr)).toContain('--yes');
    const read = () => fetch(publicClient.registration_client_uri, { headers: { authorization: `Bearer ${publicClient.registration_access_token}` } });
    expect((await read()).status).toBe(200);

    const revoked = await asAdmin(['oauth', 'clients', 'revoke', publicClient.client_id, '--yes']);
    expect(revoked.stderr).toBe('');
    expect(revoked.stdout.trim()).toBe(`Revoked the OAuth client ${publicClient.client_id} (Desktop client)`);
    expect((await read()).status).toBe(401);
    const again = await asAdmin(['oauth', 'clients', 'revoke', publicClient.client_id, '--yes']);
    expect(again.code).toBe(1);
    expect(expectOneErrorLine(again.stderr)).toContain('was revoked');

    const listed = await asAdmin(['oauth', 'clients', 'ls']);
    expect(listed.stdout).toMatch(new RegExp(`${publicClient.client_id}\\s+Desktop client\\s+revoked\\s+local`));
    const active = await asAdmin(['oauth', 'clients', 'ls', '--status', 'active', '--json']);
    expect((JSON.parse(active.stdout) as { clients: { clientId: string }[] }).clients.map((c) => c.clientId)).toEqual([confidential.client_id]);
    const shown = await asAdmin(['oauth', 'clients', 'show', publicClient.client_id]);
    expect(shown.stdout).toMatch(/^Status:\s+revoked \S+ \(.+ ago\)$/m);
  });

  it('refuses a viewer with one error line', async () => {
    for (const args of [['ls'], ['show', confidential.client_id], ['rotate-secret', confidential.client_id], ['revoke', confidential.client_id, '--yes']]) {
      const refused = await runCli(['oauth', 'clients', ...args], { env: env(viewerToken) });
      expect(refused.code, args.join(' ')).toBe(1);
      expect(expectOneErrorLine(refused.stderr), args.join(' ')).toMatch(/may not|FORBIDDEN|role/i);
    }
  });
});
