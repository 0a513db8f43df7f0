import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, watchSubscribers, type SubscriberWatch, type TestPlatform } from '@mcp-portal/platform/testing';
import type { ApiTokenView, AuditEventView, ServerStateView } from '../src/lib/operations.ts';
import { binary, expectOneErrorLine, runCli, tempDockerConfig } from './helpers.ts';

const SPAWN_TIMEOUT = 120_000;

/** A minimal RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += char;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

describe('tokens, whoami and the audit log against the platform', () => {
  let platform: TestPlatform;
  let subscribers: SubscriberWatch;
  let config: string;
  let adminToken: string;
  /** Runs as the admin, with the router URL and token from the environment. */
  const asAdmin = (args: string[]) => runCli(args, { env: { DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: adminToken } });

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'cli-tokens' });
    subscribers = watchSubscribers(platform.platform.router.engine);
    config = await tempDockerConfig();
    adminToken = await platform.adminToken();
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
  });

  it('whoami prints the user, as text or JSON', { timeout: SPAWN_TIMEOUT }, async () => {
    const [json, text] = await Promise.all([asAdmin(['whoami', '--json']), asAdmin(['whoami'])]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ id: expect.any(String), email: platform.admin.email, role: 'ADMIN', url: platform.url });
    expect(text.code).toBe(0);
    expect(text.stdout.trim()).toBe(`${platform.admin.email} (ADMIN) at ${platform.url}`);
  });

  it('creates an API token that works as DOCKER_MCP_TOKEN, lists it without the secret and revokes it', { timeout: SPAWN_TIMEOUT }, async () => {
    const [create, plain] = await Promise.all([
      asAdmin(['token', 'create', 'ci-token', '--json']),
      asAdmin(['token', 'create', 'plain-token', '--role', 'operator', '--expires-in', '7']),
    ]);
    expect(create.code).toBe(0);
    expect(create.stderr).toMatch(/will not be shown again/);
    const created = JSON.parse(create.stdout) as { token: string; apiToken: ApiTokenView };
    expect(created.token).toMatch(/^mcpat_[0-9a-f]{96}$/);
    expect(created.apiToken).toMatchObject({ name: 'ci-token', role: 'VIEWER' });
    const days = (Date.parse(created.apiToken.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);

    // Text mode: the token alone on stdout, the warning on stderr.
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^mcpat_[0-9a-f]{96}\n$/);
    expect(plain.stderr).toMatch(/^Created API token plain-token \(.+, OPERATOR, expires .+\)\.\nWarning: .*will not be shown again/);

    const withToken = { DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: created.token };
    const [ls, whoami] = await Promise.all([runCli(['server', 'ls', '--json'], { env: withToken }), runCli(['whoami'], { env: withToken })]);
    expect(ls.stderr).toBe('');
    expect(ls.code).toBe(0);
    expect(Array.isArray(JSON.parse(ls.stdout) as ServerStateView[])).toBe(true);
    // `me` is the token's owner, with the owner's role.
    expect(whoami.stdout.trim()).toBe(`${platform.admin.email} (ADMIN) at ${platform.url}`);

    const [tokens, table] = await Promise.all([asAdmin(['token', 'ls', '--json']), asAdmin(['token', 'ls'])]);
    expect(tokens.code).toBe(0);
    expect(tokens.stdout).not.toContain(created.token);
    const listed = (JSON.parse(tokens.stdout) as ApiTokenView[]).find((token) => token.id === created.apiToken.id);
    expect(listed).toMatchObject({ name: 'ci-token', role: 'VIEWER', revokedAt: null, lastUsedAt: expect.any(String) });
    expect(Object.keys(listed ?? {}).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role']);

    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain('mcpat_');
    const [header, ...rows] = table.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+ROLE\s+EXPIRES\s+LAST USED\s+REVOKED$/);
    expect(rows.find((row) => row.startsWith(created.apiToken.id))).toMatch(/\s+ci-token\s+VIEWER\s+in 3 months\s+.+ ago\s+-$/);

    const revoke = await asAdmin(['token', 'revoke', created.apiToken.id, '--json']);
    expect(revoke.stderr).toBe('');
    expect(revoke.code).toBe(0);
    const revoked = JSON.parse(revoke.stdout) as { id: string; revokedAt: string };
    expect(revoked.id).toBe(created.apiToken.id);
    expect(Number.isNaN(Date.parse(revoked.revokedAt))).toBe(false);

    const [afterLs, again] = await Promise.all([asAdmin(['token', 'ls', '--json']), asAdmin(['token', 'revoke', created.apiToken.id])]);
    const after = JSON.parse(afterLs.stdout) as ApiTokenView[];
    expect(after.find((token) => token.id === created.apiToken.id)?.revokedAt).toBe(revoked.revokedAt);

    expect(again.code).toBe(1);
    expectOneErrorLine(again.stderr);
  });

  it('refuses a token with a role above your own, in one error line', { timeout: SPAWN_TIMEOUT }, async () => {
    const email = `viewer-${Date.now()}@example.test`;
    const created = await platform.request(
      'mutation($email: String!) { createUser(email: $email, password: "viewer-password", role: VIEWER) { id } }',
      { email },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const viewerConfig = await tempDockerConfig();
    try {
      const env = { DOCKER_CONFIG: viewerConfig, DOCKER_MCP_URL: platform.url };
      const login = await runCli(['login', '--email', email, '--password-stdin'], { env, input: 'viewer-password' });
      expect(login.code).toBe(0);
      const [result, audit] = await Promise.all([runCli(['token', 'create', 'too-much', '--role', 'admin'], { env }), runCli(['audit', 'ls'], { env })]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(expectOneErrorLine(result.stderr)).toMatch(/higher role than yours/);

      expect(audit.code).toBe(1);
      expectOneErrorLine(audit.stderr);
    } finally {
      await rm(viewerConfig, { recursive: true, force: true });
    }
  });

  it('rejects bad flags before sending anything', { timeout: SPAWN_TIMEOUT }, async () => {
    const [role, expiry, since] = await Promise.all([
      asAdmin(['token', 'create', 'x', '--role', 'root']),
      asAdmin(['token', 'create', 'x', '--expires-in', '366']),
      asAdmin(['audit', 'ls', '--since', 'yesterday-ish']),
    ]);
    expect(role.code).toBe(2);
    expect(expiry.code).toBe(2);
    expect(since.code).toBe(1);
    expect(expectOneErrorLine(since.stderr)).toContain('--since must be an ISO-8601 time');
  });

  it('lists audit events as JSON, ndjson, a table and CSV', { timeout: SPAWN_TIMEOUT }, async () => {
    // Reads only (reading the log adds nothing to it), so all at once.
    const [json, loginsJson, twoJson, futureJson, ndjson, table, csv] = await Promise.all([
      asAdmin(['audit', 'ls', '--json']),
      asAdmin(['audit', 'ls', '--action', 'auth.login', '--format', 'json']),
      asAdmin(['audit', 'ls', '--limit', '2', '--json']),
      asAdmin(['audit', 'ls', '--since', '2999-01-01', '--json']),
      asAdmin(['audit', 'ls', '--format', 'ndjson', '--limit', '3']),
      asAdmin(['audit', 'ls', '--action', 'auth.login']),
      asAdmin(['audit', 'ls', '--format', 'csv']),
    ]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const events = JSON.parse(json.stdout) as AuditEventView[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((event) => event.action === 'auth.login' && event.actorEmail === platform.admin.email)).toBe(true);
    // Newest first.
    expect([...events].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt)).map((e) => e.id)).toEqual(events.map((e) => e.id));

    const logins = JSON.parse(loginsJson.stdout) as AuditEventView[];
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.every((event) => event.action === 'auth.login')).toBe(true);

    // --limit pages through the log: 1 event per page is not how it asks, but 2 must give 2.
    const two = JSON.parse(twoJson.stdout) as AuditEventView[];
    expect(two.map((event) => event.id)).toEqual(events.slice(0, 2).map((event) => event.id));

    const future = JSON.parse(futureJson.stdout) as unknown[];
    expect(future).toEqual([]);

    expect(ndjson.code).toBe(0);
    const lines = ndjson.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => (JSON.parse(line) as AuditEventView).id)).toEqual(events.slice(0, 3).map((event) => event.id));

    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trim().split('\n');
    expect(header).toMatch(/^TIME\s+ACTOR\s+ACTION\s+TARGET\s+OUTCOME$/);
    expect(rows[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z\s+\S+\s+auth\.login\s+User(:\S+)?\s+(SUCCESS|FAILURE)$/);

    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('id,occurredAt,actorId,actorEmail,action,targetType,targetId,outcome,detail,requestId,sourceIp,subgraph\r\n')).toBe(true);
    const [csvHeader, ...records] = parseCsv(csv.stdout);
    expect(csvHeader).toHaveLength(12);
    expect(records).toHaveLength(events.length);
    records.forEach((record, index) => {
      const event = events[index] as AuditEventView;
      const row = Object.fromEntries((csvHeader ?? []).map((name, column) => [name, record[column]]));
      expect(row).toEqual({
        id: event.id,
        occurredAt: event.occurredAt,
        actorId: event.actorId ?? '',
        actorEmail: event.actorEmail ?? '',
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId ?? '',
        outcome: event.outcome,
        detail: event.detail === null ? '' : JSON.stringify(event.detail),
        requestId: event.requestId ?? '',
        sourceIp: event.sourceIp ?? '',
        subgraph: event.subgraph,
      });
    });
    // Details are JSON objects, so their commas and quotes must have been quoted.
    expect(csv.stdout).toMatch(/,"\{""/);
  });

  it('follows the audit log until Ctrl-C', { timeout: SPAWN_TIMEOUT }, async () => {
    const env: Record<string, string | undefined> = { ...process.env, DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: adminToken };
    const child = spawn(binary, ['audit', 'ls', '--follow', '--format', 'ndjson', '--limit', '5'], { env, cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const waiters: { test: () => boolean; resolve: () => void }[] = [];
    const check = () => {
      for (const waiter of [...waiters]) {
        if (!waiter.test()) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    };
    const waitFor = (test: () => boolean, what: string, ms = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (test()) return resolve();
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; stdout: ${stdout}; stderr: ${stderr}`)), ms);
        waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
      });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), check()));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), check()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const events = () =>
      stdout
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as AuditEventView);
    try {
      await waitFor(() => events().length === 5, 'the existing events');
      await subscribers.waitFor((s) => s.field === 'auditEventAdded'); // its live subscription is in place
      // Oldest first, like `tail -f`.
      const initial = events();
      expect([...initial].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)).map((e) => e.id)).toEqual(initial.map((e) => e.id));

      const enabled = await platform.request('mutation { enableServer(name: "fetch") { id } }', {}, adminToken);
      expect(enabled.errors).toBeUndefined();
      const isEnable = (event: AuditEventView) => event.action === 'server.enable' && (event.detail as { name?: string } | null)?.name === 'fetch';
      await waitFor(() => events().some(isEnable), 'the new event');
      expect(events().slice(0, 5)).toEqual(initial);
      expect(events().filter(isEnable)).toHaveLength(1);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
