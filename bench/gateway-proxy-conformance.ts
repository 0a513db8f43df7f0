/**
 * The official MCP conformance suite's server scenarios against the gateway-proxy's `/mcp`, per requirement
 * set, with each upstream also measured alone for comparison:
 *
 *   npm run conformance --workspace @mcp-portal/bench
 *   npm run conformance --workspace @mcp-portal/bench -- --requirements 2025-11-25 --upstreams reference --proxy-only
 *
 * Upstreams: `reference` (the suite's own example server, `examples/servers/typescript/everything-server.ts` of
 * the conformance repository, reached as a custom catalog entry with a remote URL: it speaks Streamable HTTP
 * only) and `everything` (the bundled `everything` entry, `@modelcontextprotocol/server-everything` as a local
 * stdio process; alone it runs its own `streamableHttp` mode). The platform runs as `npm start` would, in its
 * own process on spare ports with a temporary data folder (PGlite). The suite sends no request headers of its
 * own, so it talks to a loopback relay that adds the API token (see gateway-proxy-token-relay.ts).
 * Tools come from the cache folder of gateway-proxy-tools.ts. Prints Markdown tables and the failing checks.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startBenchPlatform, type BenchPlatform } from './gateway-proxy-platform.ts';
import { startListening, type ListeningProcess } from './gateway-proxy-processes.ts';
import { startTokenRelay } from './gateway-proxy-token-relay.ts';
import { conformanceCli, conformanceVersion, node22, referenceServerCommit, referenceServerDir } from './gateway-proxy-tools.ts';

const { values } = parseArgs({
  options: {
    requirements: { type: 'string', default: '2025-11-25,2026-07-28' },
    upstreams: { type: 'string', default: 'reference,everything' },
    timeout: { type: 'string', default: '30000' },
    'proxy-only': { type: 'boolean', default: false },
  },
});
const requirementSets = values.requirements.split(',');
const upstreamNames = z.array(z.enum(['reference', 'everything'])).parse(values.upstreams.split(','));

interface ScenarioResult {
  scenario: string;
  passed: boolean;
  /** The failing checks, `id: message`. */
  failures: string[];
}

interface RunResult {
  target: string;
  requirements: string;
  scored: ScenarioResult[];
}

const checkSchema = z.object({ id: z.string(), status: z.string(), description: z.string().optional(), errorMessage: z.string().optional() });

function failingChecks(outputDir: string, scenario: string): string[] {
  const folder = readdirSync(outputDir).find((name) => name.startsWith(`server-${scenario}-`));
  const file = folder ? join(outputDir, folder, 'checks.json') : null;
  if (!file || !existsSync(file)) return ['no checks recorded'];
  const checks = z.array(checkSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
  return checks
    .filter((check) => check.status === 'FAILURE')
    .map((check) => `${check.id}: ${(check.errorMessage ?? check.description ?? '').split('\n')[0]!.slice(0, 240)}`);
}

/** Runs one requirement set; scored scenarios are the result lines before `Total:` that the "Not scored" list leaves out. */
async function runSuite(target: string, url: string, requirements: string): Promise<RunResult> {
  const outputDir = mkdtempSync(join(tmpdir(), 'mcp-conformance-'));
  const child = spawn(node22(), [conformanceCli(), 'server', '--url', url, '--requirements', requirements, '--timeout', values.timeout, '-o', outputDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const [results = '', notScored = ''] = output.split(/^Total: .*$/m);
  const unscored = new Set([...notScored.matchAll(/^\s+[✓✗] (\S+) \(/gm)].map((match) => match[1]!));
  const scored = [...results.matchAll(/^([✓✗]) (\S+): \d+ passed, \d+ failed$/gm)]
    .filter((match) => !unscored.has(match[2]!))
    .map((match) => ({ scenario: match[2]!, passed: match[1] === '✓', failures: match[1] === '✓' ? [] : failingChecks(outputDir, match[2]!) }));
  rmSync(outputDir, { recursive: true, force: true });
  if (scored.length === 0) throw new Error(`the suite reported no scenarios for ${target}:\n${output.slice(-4000)}`);
  process.stderr.write(`${target}, ${requirements}: ${scored.filter((s) => s.passed).length}/${scored.length}\n`);
  return { target, requirements, scored };
}

const require = createRequire(new URL('../subgraphs/servers/package.json', import.meta.url));

function startReferenceServer(): Promise<ListeningProcess> {
  const dir = referenceServerDir();
  return startListening('the reference server', node22(), () => [join(dir, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'everything-server.ts'], { cwd: dir });
}

function startEverythingAlone(): Promise<ListeningProcess> {
  const entry = join(require.resolve('@modelcontextprotocol/server-everything/package.json'), '..', 'dist', 'index.js');
  return startListening('server-everything', process.execPath, () => [entry, 'streamableHttp']);
}

async function throughProxy(platform: BenchPlatform, token: string, upstream: 'reference' | 'everything', requirements: string[]): Promise<RunResult[]> {
  let alone: ListeningProcess | null = null;
  let serverId: string;
  if (upstream === 'reference') {
    alone = await startReferenceServer();
    await platform.addRemoteEntry('conformance-reference', `http://127.0.0.1:${alone.port}/mcp`);
    serverId = await platform.enable('conformance-reference');
  } else {
    serverId = await platform.enable('everything');
  }
  const relay = await startTokenRelay(platform.mcpUrl, token);
  try {
    const results: RunResult[] = [];
    for (const set of requirements) results.push(await runSuite(`gateway-proxy → ${upstream}`, relay.url, set));
    return results;
  } finally {
    await relay.close();
    await platform.disable(serverId);
    await alone?.stop();
  }
}

async function alone(upstream: 'reference' | 'everything', requirements: string[]): Promise<RunResult[]> {
  const server = upstream === 'reference' ? await startReferenceServer() : await startEverythingAlone();
  try {
    const results: RunResult[] = [];
    for (const set of requirements) results.push(await runSuite(`${upstream} alone`, `http://127.0.0.1:${server.port}/mcp`, set));
    return results;
  } finally {
    await server.stop();
  }
}

function report(results: RunResult[]): string {
  const lines = [
    `Conformance suite @modelcontextprotocol/conformance@${conformanceVersion} (reference server from the conformance repository at ${referenceServerCommit()})`,
    '',
    `| target | ${requirementSets.map((set) => `--requirements ${set}`).join(' | ')} |`,
    `|---|${requirementSets.map(() => '---').join('|')}|`,
  ];
  for (const target of [...new Set(results.map((result) => result.target))]) {
    const cells = requirementSets.map((set) => {
      const run = results.find((result) => result.target === target && result.requirements === set);
      return run ? `${run.scored.filter((s) => s.passed).length}/${run.scored.length}` : '—';
    });
    lines.push(`| ${target} | ${cells.join(' | ')} |`);
  }
  for (const run of results) {
    const failed = run.scored.filter((s) => !s.passed);
    if (failed.length === 0) continue;
    lines.push('', `Failing for ${run.target}, ${run.requirements}:`);
    for (const scenario of failed) lines.push(`- ${scenario.scenario}: ${scenario.failures.join(' | ')}`);
  }
  return lines.join('\n') + '\n';
}

async function run(): Promise<void> {
  node22();
  conformanceCli();
  const results: RunResult[] = [];
  const platform = await startBenchPlatform({ database: 'embedded' });
  try {
    const token = await platform.apiToken();
    for (const upstream of upstreamNames) {
      if (!values['proxy-only']) results.push(...(await alone(upstream, requirementSets)));
      results.push(...(await throughProxy(platform, token, upstream, requirementSets)));
    }
  } finally {
    await platform.stop();
  }
  process.stdout.write(report(results));
}

await run();
