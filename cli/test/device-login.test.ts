import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import type { ApiTokenView, AuditEventView } from '../src/lib/operations.ts';
import { browserCommand } from '../src/lib/browser.ts';
import { DENIED_MESSAGE, EXPIRED_MESSAGE, pollDeviceToken, type DeviceCode } from '../src/lib/device-login.ts';
import { PortalError } from '../src/lib/errors.ts';
import { deviceClientName, passwordLoginTokenName } from '../src/lib/login.ts';
import { binary, closedPort, expectOneErrorLine, runCli, STACK_LINE, tempDockerConfig } from './helpers.ts';

const E2E_TIMEOUT = 60_000;
const USER_CODE = /confirm the code ([A-Z]{4}-[A-Z]{4})/;
const TOKEN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('device sign-in polling', () => {
  const code: DeviceCode = {
    deviceCode: 'device-code-of-test',
    userCode: 'BCDF-GHJK',
    verificationUri: 'http://portal.test/device',
    verificationUriComplete: 'http://portal.test/device?code=BCDF-GHJK',
    intervalMs: 5_000,
    expiresAt: new Date(Date.now() + 600_000),
  };

  /** A router that answers the polls in order (a thrown Error is a network failure), recording what it was sent. */
  function fakeRouter(answers: (Error | { status: number; body: unknown })[]) {
    const bodies: unknown[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      expect(String(input)).toBe('http://router.test/auth/device/token');
      bodies.push(JSON.parse(String(init?.body)));
      const answer = answers.shift();
      if (!answer) throw new Error('polled more often than expected');
      if (answer instanceof Error) throw answer;
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
    };
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    return { fetch, sleep, waits, bodies };
  }
  const refusal = (error: string) => ({ status: 400, body: { error } });
  const approved = { status: 200, body: { access_token: 'mcpat_abc', token_type: 'Bearer', api_token_id: 'id-1' } };

  it('waits the interval before each poll, adds 5 s for every slow_down, and returns the token', async () => {
    const router = fakeRouter([refusal('authorization_pending'), refusal('slow_down'), refusal('authorization_pending'), refusal('slow_down'), approved]);
    await expect(pollDeviceToken('http://router.test', code, router)).resolves.toEqual({ token: 'mcpat_abc', tokenId: 'id-1' });
    expect(router.waits).toEqual([5_000, 5_000, 10_000, 10_000, 15_000]);
    expect(router.bodies).toEqual(Array(5).fill({ device_code: 'device-code-of-test' }));
  });

  it('ends on a denial, an expiry or an unknown code, with one clear line', async () => {
    await expect(pollDeviceToken('http://router.test', code, fakeRouter([refusal('authorization_pending'), refusal('access_denied')]))).rejects.toThrow(
      new PortalError(DENIED_MESSAGE),
    );
    expect(DENIED_MESSAGE).toBe('The sign-in was denied in the portal.');
    await expect(pollDeviceToken('http://router.test', code, fakeRouter([refusal('expired_token')]))).rejects.toThrow(EXPIRED_MESSAGE);
    expect(EXPIRED_MESSAGE).toBe('The code expired: run docker mcp login again.');
    await expect(pollDeviceToken('http://router.test', code, fakeRouter([refusal('invalid_grant')]))).rejects.toThrow(/no longer knows this sign-in code/);
    // A router that never says the code expired does not keep the CLI waiting past the expiry.
    const late = { ...code, expiresAt: new Date(Date.now() - 60_000) };
    await expect(pollDeviceToken('http://router.test', late, fakeRouter([refusal('authorization_pending')]))).rejects.toThrow(EXPIRED_MESSAGE);
  });

  it('rides out two failures in a row, not three', async () => {
    const down = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const busy = { status: 502, body: { error: 'unavailable', message: 'Sign-in is unavailable right now: try again shortly.' } };
    const recovers = fakeRouter([down, busy, refusal('authorization_pending'), down, busy, approved]);
    await expect(pollDeviceToken('http://router.test', code, recovers)).resolves.toMatchObject({ token: 'mcpat_abc' });
    await expect(pollDeviceToken('http://router.test', code, fakeRouter([down, busy, down]))).rejects.toThrow(
      'The router at http://router.test is not reachable (ECONNREFUSED)',
    );
    await expect(pollDeviceToken('http://router.test', code, fakeRouter([busy, busy, busy]))).rejects.toThrow(
      'The router at http://router.test could not check the sign-in (HTTP 502: Sign-in is unavailable right now: try again shortly.).',
    );
    // A 4xx that is not an RFC 8628 answer is not retried.
    await expect(
      pollDeviceToken('http://router.test', code, fakeRouter([{ status: 400, body: { error: 'invalid_request', message: 'device_code: too short' } }])),
    ).rejects.toThrow(/HTTP 400: device_code: too short/);
  });

  it('stops at once when cancelled, with the signal reason', async () => {
    const cancel = new AbortController();
    const reason = new Error('interrupted');
    const router = fakeRouter([refusal('authorization_pending')]);
    const polling = pollDeviceToken('http://router.test', code, { fetch: router.fetch, signal: cancel.signal });
    cancel.abort(reason);
    await expect(polling).rejects.toBe(reason);
    expect(router.bodies).toEqual([]);
  });

  it('names the client and the password-login token after this machine, within what the router accepts', () => {
    expect(deviceClientName('laptop.local')).toBe('docker mcp on laptop.local');
    expect(deviceClientName('bad;host$name')).toBe('docker mcp on bad-host-name');
    expect(deviceClientName('x'.repeat(200))).toHaveLength(100);
    expect(passwordLoginTokenName('laptop')).toBe('docker mcp login on laptop');
  });

  it('opens only http(s) pages, with the platform opener', () => {
    const page = 'http://127.0.0.1:4000/device?code=BCDF-GHJK';
    expect(browserCommand(page, 'linux')).toEqual({ command: 'xdg-open', args: [page], verbatim: false });
    expect(browserCommand(page, 'darwin')).toEqual({ command: 'open', args: [page], verbatim: false });
    expect(browserCommand('https://portal.test/device?code=A&x=(1)', 'win32')?.args).toEqual([
      '/d',
      '/s',
      '/c',
      '"start "" https://portal.test/device?code=A^&x=^(1^)"',
    ]);
    expect(browserCommand('file:///etc/passwd', 'linux')).toBeUndefined();
    expect(browserCommand('not a url', 'linux')).toBeUndefined();
  });
});

/** A spawned CLI whose output can be awaited while it runs. */
interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  waitFor(pattern: RegExp, what: string, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();

function start(command: string, args: string[], env: Record<string, string>): Running {
  const fullEnv: Record<string, string | undefined> = { ...process.env };
  delete fullEnv.DOCKER_MCP_URL;
  delete fullEnv.DOCKER_MCP_TOKEN;
  Object.assign(fullEnv, env);
  const child = spawn(command, args, { env: fullEnv, cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((waiter) => waiter());
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), notify()));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), notify()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => (children.delete(child), notify(), resolve(code))));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitFor: (pattern, what, ms = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = (stdout + stderr).match(pattern);
          if (match) done(() => resolve(match));
          else if (child.exitCode !== null || child.signalCode !== null)
            done(() => reject(new Error(`exited before ${what}; stdout: ${stdout}; stderr: ${stderr}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${what}; stdout: ${stdout}; stderr: ${stderr}`))), ms);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      }),
  };
}

/** `docker-mcp mcp login …`, as Docker runs the plugin. */
const startLogin = (args: string[], env: Record<string, string>) => start(binary, ['mcp', 'login', ...args], env);

// No test leaves a CLI behind, whatever happened.
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

describe('docker mcp login and logout against the platform', () => {
  let platform: TestPlatform;
  let adminToken: string;
  const operator = { email: `operator-${Date.now()}@example.test`, password: 'operator-password' };
  let operatorToken: string;
  const configs: string[] = [];
  const newConfig = async () => {
    const dir = await tempDockerConfig();
    configs.push(dir);
    return dir;
  };
  const savedFile = (config: string) => join(config, 'mcp', 'portal.json');
  const readSaved = async (config: string) => JSON.parse(await readFile(savedFile(config), 'utf8')) as Record<string, string>;
  const approve = (userCode: string) =>
    platform.request<{ approveDeviceLogin: boolean }>('mutation($c: String!) { approveDeviceLogin(userCode: $c) }', { c: userCode }, operatorToken);
  const operatorTokens = async () =>
    (await platform.request<{ apiTokens: ApiTokenView[] }>('{ apiTokens { id name role createdAt expiresAt lastUsedAt revokedAt } }', {}, operatorToken)).data
      ?.apiTokens ?? [];
  /** The auth subgraph's exchange endpoint, which the router asks about any API token it has not seen lately. */
  const exchangeStatus = async (token: string) => {
    const auth = platform.platform.subgraphs.find((subgraph) => subgraph.name === 'auth');
    const response = await fetch(`${auth?.url}/token/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    return response.status;
  };

  beforeAll(async () => {
    // The CLI polls at the interval the platform answers (RFC 8628 §3.2): 1 s instead of the default 5 s, so
    // that each approval or denial below ends its CLI within a second.
    platform = await startTestPlatform({ label: 'cli-device', env: { DEVICE_LOGIN_POLL_INTERVAL_SECONDS: '1' } });
    adminToken = await platform.adminToken();
    const created = await platform.request(
      'mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: OPERATOR) { id } }',
      { e: operator.email, p: operator.password },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const login = await platform.request<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
      e: operator.email,
      p: operator.password,
    });
    operatorToken = login.data?.login.token ?? '';
    expect(operatorToken).not.toBe('');
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await Promise.all(configs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('signs in through the portal: shows the code, waits for the approval, saves an API token of the approver', { timeout: E2E_TIMEOUT }, async () => {
    const config = await newConfig();
    const login = startLogin(['--url', platform.url, '--no-browser', '--json'], { DOCKER_CONFIG: config });
    const [, userCode = ''] = await login.waitFor(USER_CODE, 'the user code');
    expect(login.stderr()).toContain(`Open ${platform.url}/device?code=${userCode} in a browser and confirm the code ${userCode}`);
    expect(login.stderr()).toContain(`${platform.url}/device and enter the code ${userCode}`);
    await login.waitFor(/Waiting for approval…/, 'the progress line');
    expect(login.stdout()).toBe('');

    // The portal shows who asks before the user approves.
    const pending = await platform.request<{ deviceAuthorization: { clientName: string } | null }>(
      'query($c: String!) { deviceAuthorization(userCode: $c) { clientName } }',
      { c: userCode },
      operatorToken,
    );
    expect(pending.data?.deviceAuthorization?.clientName).toBe(`docker mcp on ${hostname()}`);
    expect((await approve(userCode)).data?.approveDeviceLogin).toBe(true);

    expect(await login.exited).toBe(0);
    const output = JSON.parse(login.stdout()) as { url: string; email: string; role: string; tokenId: string; expiresAt: string };
    expect(output).toEqual({
      url: platform.url,
      email: operator.email,
      role: 'OPERATOR',
      tokenId: expect.stringMatching(TOKEN_ID),
      expiresAt: expect.any(String),
    });
    const days = (Date.parse(output.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    expect(login.stdout() + login.stderr()).not.toContain('mcpat_');

    expect((await stat(savedFile(config))).mode & 0o777).toBe(0o600);
    expect((await stat(join(config, 'mcp'))).mode & 0o777).toBe(0o700);
    const saved = await readSaved(config);
    expect(saved).toEqual({
      url: platform.url,
      token: expect.stringMatching(/^mcpat_[0-9a-f]{96}$/),
      email: operator.email,
      role: 'OPERATOR',
      tokenId: output.tokenId,
      expiresAt: output.expiresAt,
    });

    const whoami = await runCli(['whoami', '--json'], { env: { DOCKER_CONFIG: config } });
    expect(whoami.stderr).toBe('');
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout)).toEqual({ id: expect.any(String), email: operator.email, role: 'OPERATOR', url: platform.url });
    expect((await operatorTokens()).find((token) => token.id === output.tokenId)).toMatchObject({
      name: `docker mcp login: docker mcp on ${hostname()}`,
      role: 'OPERATOR',
    });
  });

  it('says so when the sign-in is denied in the portal, and saves nothing', { timeout: E2E_TIMEOUT }, async () => {
    const config = await newConfig();
    const login = startLogin(['--url', platform.url, '--no-browser'], { DOCKER_CONFIG: config });
    const [, userCode = ''] = await login.waitFor(USER_CODE, 'the user code');
    const denied = await platform.request<{ denyDeviceLogin: boolean }>(
      'mutation($c: String!) { denyDeviceLogin(userCode: $c) }',
      { c: userCode },
      operatorToken,
    );
    expect(denied.data?.denyDeviceLogin).toBe(true);
    expect(await login.exited).toBe(1);
    expect(login.stdout()).toBe('');
    const lines = login.stderr().trim().split('\n');
    expect(lines.at(-1)).toBe('Error: The sign-in was denied in the portal.');
    expect(login.stderr()).not.toMatch(/^\s+at /m);
    await expect(stat(savedFile(config))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('exits 130 on Ctrl-C while waiting, leaving the saved login as it was', { timeout: E2E_TIMEOUT }, async () => {
    const config = await newConfig();
    await mkdir(join(config, 'mcp'), { mode: 0o700 });
    const before = `${JSON.stringify({ url: platform.url, token: 'previous-token', email: 'someone@example.test' })}\n`;
    await writeFile(savedFile(config), before, { mode: 0o600 });
    const login = startLogin(['--url', platform.url, '--no-browser'], { DOCKER_CONFIG: config });
    await login.waitFor(/Waiting for approval…/, 'the progress line');
    login.child.kill('SIGINT');
    expect(await login.exited).toBe(130);
    expect(login.stdout()).toBe('');
    expect(login.stderr()).not.toContain('Error');
    expect(await readFile(savedFile(config), 'utf8')).toBe(before);
  });

  /** A stand-in for xdg-open, first on the PATH, that records the pages it was asked to open. */
  async function fakeOpener(config: string) {
    const bin = join(config, 'bin');
    await mkdir(bin);
    const opened = join(config, 'opened.txt');
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${opened}'\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    return { PATH: `${bin}:${process.env.PATH ?? ''}`, opened };
  }
  /** `script` runs the command on a pseudo-terminal (stdin, stdout and stderr); what is written to its stdin is typed. */
  const startOnTerminal = (commandLine: string, env: Record<string, string>) => start('script', ['-qfec', commandLine, '/dev/null'], env);
  // Each redraw of the progress line returns to the start of the line and clears it.
  const CLEAR_LINE = '\r\u001b[2K';

  it.skipIf(!hasScript)('on a terminal, opens the browser and redraws a progress line', { timeout: E2E_TIMEOUT }, async () => {
    const config = await newConfig();
    const { PATH, opened } = await fakeOpener(config);
    const login = startOnTerminal(`'${binary}' mcp login --url ${platform.url}`, { DOCKER_CONFIG: config, PATH });
    const [, userCode = ''] = await login.waitFor(USER_CODE, 'the user code');
    await login.waitFor(/expires in 9:5\d/, 'the progress line to count down');
    expect(login.stdout()).toContain(`${CLEAR_LINE}Waiting for approval… (the code expires in 10:00)`);
    expect(login.stdout()).toContain(`${CLEAR_LINE}Waiting for approval… (the code expires in 9:59)`);
    expect(await readFile(opened, 'utf8')).toBe(`${platform.url}/device?code=${userCode}\n`);
    await approve(userCode);
    expect(await login.exited).toBe(0);
    // The progress line is erased before the result.
    expect(login.stdout().endsWith(`${CLEAR_LINE}Logged in as ${operator.email} (OPERATOR)\r\n`)).toBe(true);
  });

  it.skipIf(!hasScript)('on a terminal with no browser opener, says so in one line and still waits for the approval', { timeout: E2E_TIMEOUT }, async () => {
    const config = await newConfig();
    // A PATH with what bin/docker-mcp and the terminal need (node, bash, script) and no opener at all.
    const bin = join(config, 'no-opener');
    await mkdir(bin);
    for (const [name, target] of [
      ['node', process.execPath],
      ['bash', '/bin/bash'],
      ['script', spawnSync('sh', ['-c', 'command -v script']).stdout.toString().trim()],
    ] as const) {
      await symlink(target, join(bin, name));
    }
    const login = startOnTerminal(`'${binary}' mcp login --url ${platform.url}`, { DOCKER_CONFIG: config, PATH: bin });
    const [, userCode = ''] = await login.waitFor(USER_CODE, 'the user code');
    await login.waitFor(/Waiting for approval…/, 'the progress line');
    expect(login.stdout()).toContain('Could not open a browser (xdg-open: not found): open the page above in one yourself.');
    await approve(userCode);
    expect(await login.exited).toBe(0);
    expect(login.stdout()).toContain(`Logged in as ${operator.email} (OPERATOR)`);
    expect(login.stdout()).not.toMatch(STACK_LINE);
  });

  it.skipIf(!hasScript)('through `docker mcp` on a terminal: --no-browser opens nothing, Ctrl-C exits 130', { timeout: E2E_TIMEOUT }, async () => {
    const config = await newConfig();
    const { PATH, opened } = await fakeOpener(config);
    // The plugin installed as `install-plugin` does it.
    await mkdir(join(config, 'cli-plugins'));
    await symlink(binary, join(config, 'cli-plugins', 'docker-mcp'));
    const login = startOnTerminal(`docker mcp login --url ${platform.url} --no-browser`, { DOCKER_CONFIG: config, PATH });
    await login.waitFor(/Waiting for approval…/, 'the progress line');
    login.child.stdin?.write('\u0003');
    expect(await login.exited).toBe(130);
    expect(login.stdout()).not.toContain('Error');
    await expect(stat(opened)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(savedFile(config))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('saves an API token given on stdin after checking it, and refuses one that is not valid', { timeout: E2E_TIMEOUT }, async () => {
    const config = await newConfig();
    const env = { DOCKER_CONFIG: config };
    const created = await platform.request<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      'mutation { createApiToken(name: "from the portal", role: VIEWER) { token apiToken { id } } }',
      {},
      operatorToken,
    );
    const { token, apiToken } = created.data?.createApiToken ?? { token: '', apiToken: { id: '' } };

    const login = await runCli(['login', '--url', platform.url, '--token-stdin', '--json'], { env, input: `${token}\n` });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout)).toEqual({ url: platform.url, email: operator.email, role: 'OPERATOR', tokenId: null, expiresAt: null });
    expect(await readSaved(config)).toEqual({ url: platform.url, token, email: operator.email, role: 'OPERATOR' });
    const whoami = await runCli(['whoami'], { env });
    expect(whoami.stdout.trim()).toBe(`${operator.email} (OPERATOR) at ${platform.url}`);

    const before = await readFile(savedFile(config), 'utf8');
    const unknown = await runCli(['login', '--token-stdin'], { env, input: `mcpat_${'0'.repeat(96)}` });
    expect(unknown.code).toBe(1);
    expect(expectOneErrorLine(unknown.stderr)).toBe(`Error: The router at ${platform.url} does not accept this token: it is unknown, revoked or expired.`);
    const notAToken = await runCli(['login', '--token-stdin'], { env, input: 'hunter2' });
    expect(notAToken.code).toBe(1);
    expect(expectOneErrorLine(notAToken.stderr)).toMatch(/^Error: That is not an API token \(they start with mcpat_\)/);
    const empty = await runCli(['login', '--token-stdin'], { env, input: '' });
    expect(expectOneErrorLine(empty.stderr)).toBe('Error: No token on stdin.');
    expect(await readFile(savedFile(config), 'utf8')).toBe(before);

    // A token the user brought is only forgotten by logout, not revoked.
    const logout = await runCli(['logout', '--json'], { env });
    expect(logout.code).toBe(0);
    expect(JSON.parse(logout.stdout)).toEqual({ loggedOut: true, url: platform.url, tokenId: null, revoked: false });
    expect((await operatorTokens()).find((listed) => listed.id === apiToken.id)?.revokedAt).toBeNull();
    expect(await exchangeStatus(token)).toBe(200);
  });

  it('password login keeps an API token instead of the short-lived JWT, and logout revokes it', { timeout: E2E_TIMEOUT }, async () => {
    const config = await newConfig();
    const env = { DOCKER_CONFIG: config };
    const login = await runCli(['login', '--url', platform.url, '--email', operator.email, '--password-stdin'], { env, input: operator.password });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.stdout.trim()).toBe(`Logged in as ${operator.email} (OPERATOR)`);
    const saved = await readSaved(config);
    expect(saved).toMatchObject({ url: platform.url, email: operator.email, role: 'OPERATOR', tokenId: expect.stringMatching(TOKEN_ID) });
    expect(saved.token).toMatch(/^mcpat_[0-9a-f]{96}$/);

    const ls = await runCli(['token', 'ls'], { env });
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(new RegExp(`^${saved.tokenId}\\s+docker mcp login on ${hostname().replace(/\./g, '\\.')}\\s+OPERATOR\\s+in 3 months\\s`, 'm'));
    // The password's session only served to create the token, and was ended.
    const audit =
      (
        await platform.request<{ auditEvents: { events: AuditEventView[] } }>(
          '{ auditEvents(first: 10) { events { action actorEmail targetId } } }',
          {},
          adminToken,
        )
      ).data?.auditEvents.events ?? [];
    expect(
      audit
        .filter((event) => event.actorEmail === operator.email)
        .map((event) => event.action)
        .slice(0, 3),
    ).toEqual(['auth.logout', 'api-token.create', 'auth.login']);
    expect(await exchangeStatus(saved.token ?? '')).toBe(200);

    const logout = await runCli(['logout', '--json'], { env });
    expect(logout.stderr).toBe('');
    expect(logout.code).toBe(0);
    expect(JSON.parse(logout.stdout)).toEqual({ loggedOut: true, url: platform.url, tokenId: saved.tokenId, revoked: true });
    expect(await readSaved(config)).toEqual({ url: platform.url, email: operator.email });
    expect((await operatorTokens()).find((token) => token.id === saved.tokenId)?.revokedAt).toEqual(expect.any(String));
    // Refused from now on. (The router itself keeps accepting it for the few minutes its exchanged JWT
    // stays cached, so the check is made where every router asks.)
    expect(await exchangeStatus(saved.token ?? '')).toBe(401);
    const whoami = await runCli(['whoami'], { env });
    expect(whoami.code).toBe(1);
    expect(expectOneErrorLine(whoami.stderr)).toBe(`Error: Not logged in to ${platform.url}: run \`docker mcp login\` first.`);
  });
});

describe('logout and old logins without the router', () => {
  const configs: string[] = [];
  afterAll(async () => {
    await Promise.all(configs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  async function configWith(saved: Record<string, string>) {
    const config = await tempDockerConfig();
    configs.push(config);
    await mkdir(join(config, 'mcp'), { mode: 0o700 });
    await writeFile(join(config, 'mcp', 'portal.json'), JSON.stringify(saved), { mode: 0o600 });
    return config;
  }

  it('forgets the token even when the router is not reachable, and says how to revoke it', { timeout: E2E_TIMEOUT }, async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const tokenId = '3f0c2a51-0000-4000-8000-000000000001';
    const config = await configWith({
      url,
      token: `mcpat_${'1'.repeat(96)}`,
      email: 'a@example.test',
      role: 'VIEWER',
      tokenId,
      expiresAt: '2999-01-01T00:00:00.000Z',
    });
    const logout = await runCli(['logout', '--json'], { env: { DOCKER_CONFIG: config } });
    expect(logout.code).toBe(0);
    expect(JSON.parse(logout.stdout)).toEqual({ loggedOut: true, url, tokenId, revoked: false });
    expect(logout.stderr.trim().split('\n')).toEqual([
      `Warning: could not revoke the API token ${tokenId} on ${url} (The router at ${url} is not reachable (ECONNREFUSED)); it stays valid until 2999-01-01T00:00:00.000Z: revoke it on the API tokens page of the portal, or with \`docker mcp token revoke\` once logged in again.`,
    ]);
    expect(JSON.parse(await readFile(join(config, 'mcp', 'portal.json'), 'utf8'))).toEqual({ url, email: 'a@example.test' });
    const again = await runCli(['logout'], { env: { DOCKER_CONFIG: config } });
    expect(again.stdout.trim()).toBe('Not logged in.');
  });

  it('still loads a login JWT saved by an older version, and asks to log in again once it expired', { timeout: E2E_TIMEOUT }, async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const config = await configWith({ url, token: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln', email: 'a@example.test', expiresAt: '2020-01-01T00:00:00.000Z' });
    const whoami = await runCli(['whoami'], { env: { DOCKER_CONFIG: config } });
    expect(whoami.code).toBe(1);
    expect(expectOneErrorLine(whoami.stderr)).toBe(`Error: Your login to ${url} expired at 2020-01-01T00:00:00.000Z: run \`docker mcp login\` again.`);
    // Nothing to revoke: logout only forgets it, without asking the (unreachable) router.
    const logout = await runCli(['logout'], { env: { DOCKER_CONFIG: config } });
    expect(logout.stderr).toBe('');
    expect(logout.stdout.trim()).toBe(`Logged out of ${url} (token removed from ${join(config, 'mcp', 'portal.json')})`);
  });
});
