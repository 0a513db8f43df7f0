import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consentAtTestAuthorizationServer,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type ProtectedMcpServer,
  type TestAuthorizationServer,
} from '@mcp-portal/dcr/testing';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import type { OAuthConnectionView } from '../src/lib/oauth-operations.ts';
import { expectOneErrorLine, followCli, runCli, STACK_LINE, tempDockerConfig } from './helpers.ts';

/**
 * `docker mcp oauth` through bin/docker-mcp against the whole platform, a real authorization server (oidc-provider,
 * with dynamic registration) and a remote MCP server built with the SDK that it protects. The user's consent is
 * given headlessly at the authorization server's own login and consent pages; its redirect to the portal's
 * /oauth/callback is completed as that page does (completeServerAuthorization, as the same user).
 */
describe('docker mcp oauth against the platform', () => {
  let authorizationServer: TestAuthorizationServer;
  let mcp: ProtectedMcpServer;
  let platform: TestPlatform;
  let config: string;
  /** Folders of PATH entries made for --open. */
  let bins: string;
  let adminToken: string;
  let viewerToken: string;
  const viewer = { email: `viewer-${Date.now().toString(36)}@example.test`, password: 'viewer-password-1' };

  const env = (token: string) => ({ DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: token });
  const asAdmin = (args: string[]) => runCli(args, { env: env(adminToken) });
  const asViewer = (args: string[]) => runCli(args, { env: env(viewerToken) });

  /** What the portal's /oauth/callback does with the authorization server's redirect. */
  const completeAsPortal = (response: { code: string | null; state: string | null; iss: string | null }, token: string) =>
    platform.request<{ completeServerAuthorization: OAuthConnectionView }>(
      'mutation($state: String!, $code: String!, $iss: String) { completeServerAuthorization(state: $state, code: $code, iss: $iss) { id status } }',
      { state: response.state, code: response.code, iss: response.iss },
      token,
    );

  beforeAll(async () => {
    authorizationServer = await startTestAuthorizationServer({ scopes: ['notes:read', 'notes:write'] });
    mcp = await startProtectedMcpServer({
      authorizationServers: [authorizationServer.issuer],
      verifyAccessToken: (token) => authorizationServer.verifyAccessToken(token),
      scopesSupported: ['notes:read'],
    });
    platform = await startTestPlatform({ label: 'cli-oauth', env: { MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' } });
    config = await tempDockerConfig();
    bins = await mkdtemp(join(tmpdir(), 'cli-oauth-bins-'));
    adminToken = await platform.adminToken();
    const created = await platform.request(
      'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
      {
        input: {
          name: 'notes',
          entry: { type: 'REMOTE', title: 'Notes', description: 'Remote notes behind OAuth.', remote: { url: mcp.url }, oauth: { providers: [], scopes: [] } },
        },
      },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const enabled = await platform.request('mutation { enableServer(name: "notes", start: false) { id } }', {}, adminToken);
    expect(enabled.errors).toBeUndefined();
    const team = await platform.request(
      'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
      {
        input: {
          name: 'team-notes',
          entry: {
            type: 'REMOTE',
            title: 'Team notes',
            description: 'One connection for the team.',
            remote: { url: mcp.url },
            oauth: { providers: [], scopes: [], connection: 'TEAM' },
          },
        },
      },
      adminToken,
    );
    expect(team.errors).toBeUndefined();
    expect((await platform.request('mutation { enableServer(name: "team-notes", start: false) { id } }', {}, adminToken)).errors).toBeUndefined();
    const user = await platform.request(
      'mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: VIEWER) { id } }',
      viewer,
      adminToken,
    );
    expect(user.errors).toBeUndefined();
    const login = await platform.request<{ login: { token: string } }>(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      viewer,
    );
    viewerToken = login.data?.login.token ?? '';
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await mcp?.close();
    await authorizationServer?.close();
    if (config) await rm(config, { recursive: true, force: true });
    if (bins) await rm(bins, { recursive: true, force: true });
  });

  /**
   * A stand-in browser opener first on the PATH (xdg-open here, `open` on macOS), which records each page it is
   * asked to open in `opened`, one argument a line.
   */
  async function recordingOpener(name: string) {
    const bin = join(bins, name);
    const opened = join(bins, `${name}.opened`);
    const script = `#!/bin/sh\nprintf '%s\\n' "$@" >> '${opened}'\n`;
    await mkdir(bin);
    for (const opener of ['xdg-open', 'open']) {
      await writeFile(join(bin, opener), script);
      await chmod(join(bin, opener), 0o755);
    }
    return { PATH: `${bin}:${process.env.PATH ?? ''}`, opened };
  }

  /** A PATH with bash and node (what bin/docker-mcp needs) and no browser opener at all. */
  async function pathWithoutOpener() {
    const bin = join(bins, 'no-opener');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    await symlink('/bin/bash', join(bin, 'bash'));
    return bin;
  }

  it('lists nothing before anyone authorized', async () => {
    const listed = await asAdmin(['oauth', 'ls']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim()).toBe('No OAuth connection yet: `docker mcp oauth authorize SERVER` starts one.');
    const json = await asAdmin(['oauth', 'ls', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([]);
  }, 60_000);

  it('--no-wait prints the authorization URL of the discovered authorization server and leaves the connection pending', async () => {
    const plain = await asAdmin(['oauth', 'authorize', 'notes', '--no-wait']);
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    const url = new URL(plain.stdout.trim());
    expect(url.origin).toBe(authorizationServer.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(mcp.url);
    expect(url.searchParams.get('redirect_uri')).toMatch(/\/oauth\/callback$/);

    const json = await asAdmin(['oauth', 'authorize', 'notes', '--no-wait', '--json']);
    expect(json.code).toBe(0);
    const started = JSON.parse(json.stdout) as { authorizationUrl: string; connection: OAuthConnectionView };
    expect(started.authorizationUrl.startsWith(`${authorizationServer.issuer}/`)).toBe(true);
    expect(started.connection).toMatchObject({ status: 'NEEDS_AUTHORIZATION', team: false, server: { name: 'notes' } });
  }, 60_000);

  it('waits with progress until the browser consented and the portal completed it, then prints the AUTHORIZED connection', async () => {
    const cli = followCli(['oauth', 'authorize', 'notes', '--json'], env(adminToken));
    try {
      await cli.waitFor(
        () => /https?:\/\/\S+/.test(cli.stderr()) && cli.stderr().includes('Waiting for the authorization'),
        'the URL and the progress line',
        60_000,
      );
      const url = /Open this URL in a browser to authorize notes:\s+(\S+)/.exec(cli.stderr())?.[1] ?? '';
      expect(url.startsWith(authorizationServer.issuer)).toBe(true);
      // The user consents in their browser; the CLI is still waiting meanwhile.
      const response = await consentAtTestAuthorizationServer(url, 'admin-account');
      expect(response.error).toBeNull();
      expect(response.url.pathname).toBe('/oauth/callback');
      expect(response.iss).toBe(authorizationServer.issuer);
      expect(cli.stdout()).toBe('');
      const completed = await completeAsPortal(response, adminToken);
      expect(completed.errors).toBeUndefined();
      await cli.waitFor(() => cli.stdout().trim().endsWith('}'), 'the AUTHORIZED connection', 30_000);
      // SIGCONT changes nothing for a running process: stop() then only waits for the exit code.
      expect(await cli.stop('SIGCONT')).toBe(0);
    } finally {
      await cli.stop();
    }
    const printed = JSON.parse(cli.stdout()) as { authorizationUrl: string; connection: OAuthConnectionView };
    expect(printed.connection).toMatchObject({ status: 'AUTHORIZED', team: false, issuer: authorizationServer.issuer, server: { name: 'notes' } });
    expect(printed.connection.scopes).toContain('notes:read');
    expect(Date.parse(printed.connection.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(printed.connection.authorizedBy?.email).toBe(platform.admin.email);
    expect(cli.stderr()).toMatch(/notes: AUTHORIZED/);

    const listed = await asAdmin(['oauth', 'ls']);
    expect(listed.code).toBe(0);
    const [header, row, ...rest] = listed.stdout.trim().split('\n');
    expect(header).toMatch(/^SERVER\s+FOR\s+STATUS\s+SCOPES\s+EXPIRES\s+UPDATED$/);
    expect(rest).toEqual([]);
    expect(row).toMatch(new RegExp(`^notes\\s+${platform.admin.email.replace(/[.]/g, '\\.')}\\s+AUTHORIZED\\s+.*notes:read.*\\s+in `));
  }, 120_000);

  it("keeps each user's connection apart: the viewer authorizes their own; --all is an admin's", async () => {
    const started = await asViewer(['oauth', 'authorize', 'notes', '--no-wait', '--json']);
    expect(started.code).toBe(0);
    const { authorizationUrl } = JSON.parse(started.stdout) as { authorizationUrl: string };
    const response = await consentAtTestAuthorizationServer(authorizationUrl, 'viewer-account');
    const completed = await completeAsPortal(response, viewerToken);
    expect(completed.errors).toBeUndefined();

    const own = JSON.parse((await asViewer(['oauth', 'ls', '--json'])).stdout) as OAuthConnectionView[];
    expect(own.map((c) => [c.user?.email, c.status])).toEqual([[viewer.email, 'AUTHORIZED']]);
    const refused = await asViewer(['oauth', 'ls', '--all']);
    expect(refused.code).toBe(1);
    expect(expectOneErrorLine(refused.stderr)).toContain('only an admin');

    const mine = JSON.parse((await asAdmin(['oauth', 'ls', '--json'])).stdout) as OAuthConnectionView[];
    expect(mine.map((c) => c.user?.email)).toEqual([platform.admin.email]);
    const everyone = JSON.parse((await asAdmin(['oauth', 'ls', '--all', '--json'])).stdout) as OAuthConnectionView[];
    expect(everyone.map((c) => c.user?.email).sort()).toEqual([platform.admin.email, viewer.email].sort());
  }, 120_000);

  it("revokes: a viewer may not revoke another's, an admin revokes a user's by email and their own", async () => {
    const refused = await asViewer(['oauth', 'revoke', 'notes', '--user', platform.admin.email]);
    expect(refused.code).toBe(1);
    expectOneErrorLine(refused.stderr);

    const theirs = await asAdmin(['oauth', 'revoke', 'notes', '--user', viewer.email]);
    expect(theirs.stderr).toBe('');
    expect(theirs.stdout.trim()).toBe(`Revoked the OAuth connection to notes for ${viewer.email}`);
    const own = await asAdmin(['oauth', 'revoke', 'notes', '--json']);
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout)).toMatchObject({ status: 'REVOKED', server: { name: 'notes' }, user: { email: platform.admin.email } });

    const everyone = JSON.parse((await asAdmin(['oauth', 'ls', '--all', '--json'])).stdout) as OAuthConnectionView[];
    expect(everyone.map((c) => c.status)).toEqual(['REVOKED', 'REVOKED']);
    const unknownUser = await asAdmin(['oauth', 'revoke', 'notes', '--user', 'nobody@example.test']);
    expect(expectOneErrorLine(unknownUser.stderr)).toBe('Error: There is no user with the email nobody@example.test.');
  }, 60_000);

  it('ends with one error line when the authorization fails at the token endpoint', async () => {
    const cli = followCli(['oauth', 'authorize', 'notes'], env(adminToken));
    try {
      await cli.waitFor(() => cli.stderr().includes('Waiting for the authorization'), 'the progress line', 60_000);
      const url = /Open this URL in a browser to authorize notes:\s+(\S+)/.exec(cli.stderr())?.[1] ?? '';
      const response = await consentAtTestAuthorizationServer(url, 'admin-account');
      authorizationServer.faults.tokenWithoutAccessToken = true;
      try {
        const completed = await completeAsPortal(response, adminToken);
        expect(completed.errors?.[0]?.message).toBeTruthy();
      } finally {
        authorizationServer.faults.tokenWithoutAccessToken = false;
      }
      await cli.waitFor(() => cli.stderr().includes('Error: '), 'the failure', 30_000);
      expect(await cli.stop('SIGCONT')).toBe(1);
    } finally {
      await cli.stop();
    }
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toMatch(/^Error: Authorizing notes failed: .+$/m);
  }, 120_000);

  it("leaves a team server's connection to operators and admins", async () => {
    const refused = await asViewer(['oauth', 'authorize', 'team-notes', '--no-wait']);
    expect(refused.code).toBe(1);
    expect(expectOneErrorLine(refused.stderr)).toContain('only an operator or admin may authorize it');
    const started = await asAdmin(['oauth', 'authorize', 'team-notes', '--no-wait', '--json']);
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({ connection: { team: true, user: null, status: 'NEEDS_AUTHORIZATION', server: { name: 'team-notes' } } });
  }, 60_000);

  it('names an unknown server in one line', async () => {
    const result = await asAdmin(['oauth', 'authorize', 'nothing-here', '--no-wait']);
    expect(result.code).toBe(1);
    expect(expectOneErrorLine(result.stderr)).toContain('There is no enabled server named "nothing-here"');
  }, 60_000);

  it('--open hands exactly the authorization URL to the browser opener, then waits until AUTHORIZED', async () => {
    const { PATH, opened } = await recordingOpener('recording');
    const cli = followCli(['oauth', 'authorize', 'notes', '--open', '--json'], { ...env(adminToken), PATH });
    let url = '';
    try {
      await cli.waitFor(() => cli.stderr().includes('Waiting for the authorization'), 'the progress line', 60_000);
      url = /Open this URL in a browser to authorize notes:\s+(\S+)/.exec(cli.stderr())?.[1] ?? '';
      expect(url.startsWith(`${authorizationServer.issuer}/`)).toBe(true);
      // The opener was started with the URL as its one argument, once.
      await expect.poll(() => readFile(opened, 'utf8').catch(() => ''), { timeout: 10_000 }).toBe(`${url}\n`);
      expect(cli.stderr()).not.toContain('Could not open a browser');
      // The browser the opener would have shown: consent there, and the portal completes it.
      const response = await consentAtTestAuthorizationServer(url, 'admin-account');
      expect(response.error).toBeNull();
      expect((await completeAsPortal(response, adminToken)).errors).toBeUndefined();
      await cli.waitFor(() => cli.stdout().trim().endsWith('}'), 'the AUTHORIZED connection', 30_000);
      expect(await cli.stop('SIGCONT')).toBe(0);
    } finally {
      await cli.stop();
    }
    const printed = JSON.parse(cli.stdout()) as { authorizationUrl: string; connection: OAuthConnectionView };
    expect(printed.authorizationUrl).toBe(url);
    expect(printed.connection).toMatchObject({ status: 'AUTHORIZED', server: { name: 'notes' }, user: { email: platform.admin.email } });
    expect(await readFile(opened, 'utf8')).toBe(`${url}\n`);
  }, 120_000);

  it('--open without any browser opener still prints the URL, says to open it by hand and carries on', async () => {
    const PATH = await pathWithoutOpener();
    const once = await runCli(['oauth', 'authorize', 'notes', '--no-wait', '--open', '--json'], { env: { ...env(adminToken), PATH } });
    expect(once.code).toBe(0);
    const { authorizationUrl } = JSON.parse(once.stdout) as { authorizationUrl: string };
    expect(authorizationUrl.startsWith(`${authorizationServer.issuer}/`)).toBe(true);
    expect(once.stderr).not.toMatch(STACK_LINE);
    expect(once.stderr.trim()).toBe('Could not open a browser (xdg-open: not found): open the URL in one yourself.');

    const plain = await runCli(['oauth', 'authorize', 'notes', '--no-wait', '--open'], { env: { ...env(adminToken), PATH } });
    expect(plain.code).toBe(0);
    expect(new URL(plain.stdout.trim()).origin).toBe(authorizationServer.issuer);
    expect(plain.stderr.trim()).toBe('Could not open a browser (xdg-open: not found): open the URL in one yourself.');

    // An opener that fails at once (xdg-open with no display exits 3) is reported the same way.
    const failing = join(bins, 'failing');
    await mkdir(failing);
    await writeFile(join(failing, 'xdg-open'), '#!/bin/sh\necho "xdg-open: no method available for opening $1" >&2\nexit 3\n');
    await chmod(join(failing, 'xdg-open'), 0o755);
    const failed = await runCli(['oauth', 'authorize', 'notes', '--no-wait', '--open', '--json'], {
      env: { ...env(adminToken), PATH: `${failing}:${process.env.PATH ?? ''}` },
    });
    expect(failed.code).toBe(0);
    expect(JSON.parse(failed.stdout)).toMatchObject({ connection: { server: { name: 'notes' } } });
    expect(failed.stderr.trim()).toBe('Could not open a browser (xdg-open: exited with 3): open the URL in one yourself.');

    // Waiting: the URL first, the note after it, and the wait goes on (the user may open it anywhere).
    const cli = followCli(['oauth', 'authorize', 'notes', '--open'], { ...env(adminToken), PATH });
    try {
      await cli.waitFor(() => cli.stderr().includes('Waiting for the authorization'), 'the progress line', 60_000);
      const stderr = cli.stderr();
      expect(stderr).toMatch(
        /Open this URL in a browser to authorize notes:\s+https?:\/\/\S+\s+Could not open a browser \(xdg-open: not found\): open the URL above in one yourself\.\n/,
      );
      expect(stderr).not.toMatch(STACK_LINE);
      expect(cli.stdout()).toBe('');
      expect(await cli.stop('SIGINT')).toBe(130);
    } finally {
      await cli.stop();
    }
  }, 120_000);
});
