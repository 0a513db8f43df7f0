import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const recorder = fileURLToPath(new URL('./fixtures/record-connections.mjs', import.meta.url));

interface Attempt {
  kind: 'tcp' | 'udp' | 'dns' | 'ipc';
  host?: string;
  port?: number;
  path?: string;
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.')) || /^::ffff:127\./i.test(host);

let workDir: string;
let running: ChildProcess | null = null;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'mcp-no-phone-home-'));
});
afterAll(async () => {
  if (running?.pid && running.exitCode === null && running.signalCode === null) process.kill(-running.pid, 'SIGKILL');
  await rm(workDir, { recursive: true, force: true });
});

/**
 * The whole platform (`npm start`'s entry, embedded defaults) starts, answers and stops inside a network
 * namespace whose only interface is loopback, with every outgoing connection and DNS lookup recorded:
 * nothing is attempted beyond 127.0.0.0/8 and ::1. Apollo's gateway, left to its defaults, would probe
 * cloud metadata addresses at start and report usage at stop. The script waits for the platform to answer
 * (or to exit); the test's timeout only bounds a hang (a start took ~110 s on a 2-core machine at load 15).
 */
it('starts, answers and stops without trying to reach anything beyond loopback', async () => {
  const connectionLog = join(workDir, 'connections.jsonl');
  await writeFile(connectionLog, '');
  const script = `
    set -e
    ip link set lo up
    node --import tsx --import "${recorder}" platform/src/main.ts &
    platform=$!
    # Until it answers, however long a loaded machine takes (the test's timeout bounds a hang); a platform
    # that exits instead ends the wait at once.
    until curl -sf http://127.0.0.1:4000/health >/dev/null 2>&1; do
      if ! kill -0 $platform 2>/dev/null; then echo "the platform exited before answering"; wait $platform; exit 1; fi
      sleep 0.2
    done
    curl -sf http://127.0.0.1:4000/health
    echo
    curl -sf -H 'content-type: application/json' -d '{"query":"{ __typename }"}' http://127.0.0.1:4000/graphql
    echo
    kill -TERM $platform
    wait $platform
  `;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONNECTION_LOG: connectionLog,
    MCP_DATA_DIR: join(workDir, 'data'),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  };
  for (const name of ['APOLLO_TELEMETRY_DISABLED', 'DATABASE_URL', 'REDIS_URL', 'PORT', 'HOST', 'MCP_PUBLIC_URL']) delete env[name];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    // Its own process group, so that a test that times out still stops the platform it started (afterAll).
    const child = spawn('unshare', ['-n', 'bash', '-c', script], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running = child;
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ code: exitCode, output: text }));
  });
  running = null;
  expect(code, output).toBe(0);
  expect(output).toContain('"status":"ok"');
  expect(output).toContain('"__typename":"Query"');

  const attempts = (await readFile(connectionLog, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Attempt);
  // The recorder saw the platform's own traffic (router → subgraphs), so it was really listening.
  expect(attempts.some((attempt) => attempt.kind === 'tcp' && attempt.host !== undefined && isLoopback(attempt.host))).toBe(true);
  const beyondLoopback = attempts.filter((attempt) => attempt.kind !== 'ipc' && !(attempt.host !== undefined && isLoopback(attempt.host)));
  expect(beyondLoopback).toEqual([]);
}, 240_000);
