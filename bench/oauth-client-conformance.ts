/**
 * The official MCP conformance suite's client auth scenarios against the platform's OAuth client towards remote
 * MCP servers, through the wrapper command oauth-client-conformance-client.ts, for each requirement set:
 *
 *   npm run conformance:oauth-client --workspace @mcp-portal/bench
 *   npm run conformance:oauth-client --workspace @mcp-portal/bench -- --requirements 2026-07-28 --scenarios auth/iss-normalized
 *
 * The scenarios are the `auth/` ones a set scores (`conformance list --client --requirements <set>`; the
 * extensions it runs unscored are left out), each run on its own (`--scenario … --spec-version <set>`, the
 * set's wire), `--concurrency` at a time. A scenario passes when the suite's verdict does (no failed check, no
 * warning, the client exited 0 or the scenario allows a client error, no timeout). Prints a Markdown table
 * (scenario | spec version | result) and, for each failure, its failing checks and the wrapper's last words.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { conformanceCli, conformanceVersion, node22 } from './gateway-proxy-tools.ts';

const { values } = parseArgs({
  options: {
    requirements: { type: 'string', default: '2025-11-25,2026-07-28' },
    scenarios: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
    timeout: { type: 'string', default: '120000' },
  },
});
const requirementSets = values.requirements.split(',');
const onlyScenarios = values.scenarios ? new Set(values.scenarios.split(',')) : null;
const concurrency = z.coerce.number().int().positive().parse(values.concurrency);

const here = new URL('.', import.meta.url).pathname;
const tsxCli = join(here, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
/** Split on spaces by the suite (and run through a shell): the paths have none. */
const wrapperCommand = [process.execPath, tsxCli, '--conditions=@mcp-portal/source', join(here, 'oauth-client-conformance-client.ts')].join(' ');

interface ScenarioResult {
  scenario: string;
  requirements: string;
  passed: boolean;
  seconds: number;
  /** The failing or warning checks (`id: description`) and how the client ended, when it did not pass. */
  why: string[];
}

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The `auth/` client scenarios a requirement set scores, from the suite's own list. */
async function authScenarios(requirements: string): Promise<string[]> {
  const { code, output } = await run(node22(), [conformanceCli(), 'list', '--client', '--requirements', requirements]);
  if (code !== 0) throw new Error(`conformance list --requirements ${requirements} failed:\n${output}`);
  const clientPart = output.split(/^Client scenarios.*$/m)[1]?.split(/^Run and reported, but never scored:$/m)[0] ?? '';
  return [...clientPart.matchAll(/^\s+- (auth\/\S+)$/gm)].map((match) => match[1]!);
}

const checkSchema = z.object({ id: z.string(), status: z.string(), description: z.string().optional(), errorMessage: z.string().optional() });

function findFile(dir: string, name: string): string | null {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      const found = findFile(path, name);
      if (found) return found;
    } else if (entry === name) return path;
  }
  return null;
}

function lastLines(text: string, count: number): string[] {
  return text.trim().split('\n').slice(-count);
}

async function runScenario(scenario: string, requirements: string): Promise<ScenarioResult> {
  const outputDir = mkdtempSync(join(tmpdir(), 'mcp-oauth-conformance-'));
  const started = Date.now();
  const { code, output } = await run(node22(), [
    conformanceCli(),
    'client',
    '--command',
    wrapperCommand,
    '--scenario',
    scenario,
    '--spec-version',
    requirements,
    '--timeout',
    values.timeout,
    '-o',
    outputDir,
  ]);
  const seconds = (Date.now() - started) / 1000;
  const why: string[] = [];
  if (code !== 0) {
    const checksFile = findFile(outputDir, 'checks.json');
    const checks = checksFile ? z.array(checkSchema).parse(JSON.parse(readFileSync(checksFile, 'utf8'))) : [];
    for (const check of checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING')) {
      why.push(`${check.status} ${check.id}: ${(check.errorMessage ?? check.description ?? '').split('\n')[0]!.slice(0, 300)}`);
    }
    if (/CLIENT TIMED OUT/.test(output)) why.push('the client timed out');
    if (/CLIENT EXITED WITH ERROR/.test(output)) why.push('the client exited with an error');
    const stderrFile = findFile(outputDir, 'stderr.txt');
    const wrapperSaid = stderrFile && existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : '';
    why.push(...lastLines(wrapperSaid, 6).map((line) => `  wrapper: ${line.slice(0, 300)}`));
    if (!checksFile) why.push(...lastLines(output, 10).map((line) => `  suite: ${line}`));
  }
  rmSync(outputDir, { recursive: true, force: true });
  process.stderr.write(`${code === 0 ? '✓' : '✗'} ${scenario} (${requirements}) ${seconds.toFixed(1)} s\n`);
  return { scenario, requirements, passed: code === 0, seconds, why };
}

/** Runs `jobs` at most `limit` at a time, keeping their order. */
async function inParallel<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

function report(results: ScenarioResult[]): string {
  const lines = [`Conformance suite @modelcontextprotocol/conformance@${conformanceVersion}, client auth scenarios (scored), platform OAuth client`, ''];
  for (const set of requirementSets) {
    const run = results.filter((r) => r.requirements === set);
    lines.push(`--requirements ${set}: ${run.filter((r) => r.passed).length}/${run.length}`);
  }
  lines.push('', '| scenario | spec version | result |', '|---|---|---|');
  for (const result of results) lines.push(`| \`${result.scenario}\` | ${result.requirements} | ${result.passed ? 'pass' : '**fail**'} |`);
  for (const result of results.filter((r) => !r.passed)) {
    lines.push('', `Failing: ${result.scenario} (${result.requirements})`, ...result.why.map((line) => `- ${line}`));
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  node22();
  conformanceCli();
  const jobs: (() => Promise<ScenarioResult>)[] = [];
  for (const set of requirementSets) {
    for (const scenario of await authScenarios(set)) {
      if (!onlyScenarios || onlyScenarios.has(scenario)) jobs.push(() => runScenario(scenario, set));
    }
  }
  if (jobs.length === 0) throw new Error('no scenario to run');
  const started = Date.now();
  const results = await inParallel(jobs, concurrency);
  process.stderr.write(`${results.length} runs in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  process.stdout.write(report(results));
  if (results.some((r) => !r.passed)) process.exitCode = 1;
}

await main();
