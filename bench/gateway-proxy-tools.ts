/**
 * Third-party tools the gateway-proxy's conformance run and benchmark use, installed into a cache folder
 * outside the repository's dependencies (`MCP_BENCH_CACHE`, default `~/.cache/mcp-portal/bench`): Node 22 and
 * the conformance suite from npm, the peers (supergateway, mcp-proxy) from npm, and the suite's reference
 * server from the conformance repository's examples (`CONFORMANCE_GIT_URL`, cloned once; the npm package does
 * not ship it). Nothing here is committed or linked into the workspace.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const conformanceVersion = process.env.CONFORMANCE_VERSION ?? '0.2.0-alpha.12';
export const supergatewayVersion = '4.0.0';
export const mcpProxyVersion = '6.7.19';
const conformanceGitUrl = process.env.CONFORMANCE_GIT_URL ?? 'https://github.com/modelcontextprotocol/conformance.git';

export const cacheDir = process.env.MCP_BENCH_CACHE ?? join(homedir(), '.cache', 'mcp-portal', 'bench');

const packageJsonSchema = z.object({ version: z.string(), bin: z.union([z.string(), z.record(z.string(), z.string())]).optional() });

function installedPackage(name: string): z.infer<typeof packageJsonSchema> | null {
  const path = join(cacheDir, 'node_modules', name, 'package.json');
  return existsSync(path) ? packageJsonSchema.parse(JSON.parse(readFileSync(path, 'utf8'))) : null;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** `npm install --prefix <cache>` of the exact versions, unless they are there already. */
export function ensureNpmPackages(packages: Record<string, string>): void {
  const missing = Object.entries(packages).filter(([name, version]) => installedPackage(name)?.version !== version);
  if (missing.length === 0) return;
  mkdirSync(cacheDir, { recursive: true });
  const manifest = join(cacheDir, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ private: true, name: 'mcp-portal-bench-cache' }, null, 2));
  const specs = missing.map(([name, version]) => `${name}@${version}`);
  log(`installing ${specs.join(' ')} into ${cacheDir}`);
  execFileSync('npm', ['install', '--prefix', cacheDir, '--save-exact', '--no-audit', '--no-fund', ...specs], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The path of a package's bin script in the cache. */
export function binOf(name: string, bin?: string): string {
  const manifest = installedPackage(name);
  if (!manifest?.bin) throw new Error(`${name} is not installed in ${cacheDir}`);
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin ?? Object.keys(manifest.bin)[0]!];
  if (!relative) throw new Error(`${name} has no bin ${bin}`);
  return join(cacheDir, 'node_modules', name, relative);
}

/** Node 22 from the `node` npm package (the conformance suite needs it; the repo runs on 20). */
export function node22(): string {
  ensureNpmPackages({ node: '22.23.3' });
  return join(cacheDir, 'node_modules', '.bin', 'node');
}

/** The conformance suite's CLI, to run with {@link node22}. */
export function conformanceCli(): string {
  ensureNpmPackages({ '@modelcontextprotocol/conformance': conformanceVersion });
  return binOf('@modelcontextprotocol/conformance', 'conformance');
}

/** The folder of the suite's reference server (`examples/servers/typescript`), cloned and installed once. */
export function referenceServerDir(): string {
  const repo = join(cacheDir, 'conformance-repo');
  if (!existsSync(join(repo, '.git'))) {
    log(`cloning ${conformanceGitUrl} into ${repo}`);
    execFileSync('git', ['clone', '--quiet', '--depth', '1', conformanceGitUrl, repo], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const dir = join(repo, 'examples', 'servers', 'typescript');
  if (!existsSync(join(dir, 'node_modules', '.bin', 'tsx'))) {
    log(`installing the reference server's dependencies in ${dir}`);
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dir;
}

/** The commit of the cloned conformance repository (for the report). */
export function referenceServerCommit(): string {
  return execFileSync('git', ['-C', join(cacheDir, 'conformance-repo'), 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
}
