import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, mkdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../src/graphql/session-user.ts';

const loginMutation = 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token user { id email role } } }';
const meQuery = 'query Me { me { id email role } }';
import { launchChromium, signInThroughForm, type Chromium } from './chromium.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const pluginBinary = join(repoRoot, 'cli', 'bin', 'docker-mcp');
/** What the README promises for a start with no settings. */
const portalUrl = 'http://127.0.0.1:4000';
const defaultAdmin = 'admin@localhost';

/** The environment of a newcomer's shell: none of the platform's settings (nor the CI's service addresses). */
function newcomerEnvironment(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const platformSetting = /^(MCP_|OIDC_|SUBGRAPH_|DOCKER_MCP_|LOG_|JWT_|LOGIN_)|^(DATABASE_URL|REDIS_URL|PORT|HOST|GATEWAY_PROXY_PORT|NODE_ENV)$/;
  for (const [name, value] of Object.entries(process.env)) if (!platformSetting.test(name) && !name.startsWith('VITEST')) env[name] = value;
  // The one departure from the README: the data directory is a fresh temporary one, not ./.mcp-data of
  // this checkout (which may hold a developer's data and an admin created long ago).
  env.MCP_DATA_DIR = dataDir;
  return env;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function graphql<Result>(query: string, variables: Record<string, unknown>, token?: string): Promise<{ data?: Result; errors?: { message: string }[] }> {
  const response = await fetch(`${portalUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Result; errors?: { message: string }[] };
}

/**
 * The README's literal `npm start` with no settings, as a newcomer runs it, then a sign-in with the password
 * it printed: through GraphQL `login`, through the portal's sign-in form and through `docker mcp login`.
 */
describe('first run with the defaults', () => {
  let dataDir: string;
  let dockerConfig: string;
  let platform: ChildProcess | undefined;
  let output = '';
  let browser: Chromium | undefined;
  let password = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mcp-first-run-'));
    dockerConfig = await mkdtemp(join(tmpdir(), 'docker-config-'));
    await mkdir(join(dockerConfig, 'cli-plugins'));
    await symlink(pluginBinary, join(dockerConfig, 'cli-plugins', 'docker-mcp'));
    platform = spawn('npm', ['start'], { cwd: repoRoot, env: newcomerEnvironment(dataDir), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    platform.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    platform.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const started = Date.now();
    while (!output.includes(`MCP Portal is running at ${portalUrl}`)) {
      if (platform.exitCode !== null) throw new Error(`npm start exited with ${platform.exitCode}:\n${output}`);
      if (Date.now() - started > 90_000) throw new Error(`npm start did not come up within 90 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    password = /Generated password: (\S+)/.exec(output)?.[1] ?? '';
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (platform?.pid && platform.exitCode === null) {
      const exited = once(platform, 'exit');
      process.kill(-platform.pid, 'SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
    await rm(dockerConfig, { recursive: true, force: true });
  }, 30_000);

  it('prints the admin login once, in a box after the start-up logs', () => {
    expect(password).toMatch(/^\S{12,}$/);
    const box = output.slice(output.indexOf('╭'));
    expect(box).toContain(`Email:              ${defaultAdmin}`);
    expect(box).toContain(`Generated password: ${password}`);
    expect(box.indexOf('╰')).toBeGreaterThan(box.indexOf('Generated password'));
    expect(output.indexOf('MCP Portal is running at')).toBeLessThan(output.indexOf('╭'));
  });

  it('signs in through GraphQL login with the printed password', async () => {
    const login = await graphql<{ login: { token: string; user: SessionUser } }>(loginMutation, { email: defaultAdmin, password });
    expect(login.errors).toBeUndefined();
    expect(login.data?.login.user).toMatchObject({ email: defaultAdmin, role: 'ADMIN' });
    const me = await graphql<{ me: SessionUser | null }>(meQuery, {}, login.data?.login.token);
    expect(me.data?.me?.email).toBe(defaultAdmin);
  });

  it('signs in through the portal form', async () => {
    browser = await launchChromium();
    const page = await browser.context.newPage();
    await signInThroughForm(page, portalUrl, defaultAdmin, password);
    await expect.poll(() => page.getByTestId('user-menu-button').textContent(), { timeout: 20_000 }).toContain(defaultAdmin);
  }, 60_000);

  it('signs in through docker mcp login with the password on stdin', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: dockerConfig };
    delete env.DOCKER_MCP_URL;
    delete env.DOCKER_MCP_TOKEN;
    const login = await run('docker', ['mcp', 'login', '--url', portalUrl, '--email', defaultAdmin, '--password-stdin', '--json'], env, password);
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const whoami = await run('docker', ['mcp', 'whoami', '--json'], env);
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ email: defaultAdmin, role: 'ADMIN' });
  }, 60_000);
});
