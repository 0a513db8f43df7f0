import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
}

const workspaceDirs = (JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { workspaces: string[] }).workspaces;
const manifests = new Map(
  workspaceDirs.map((dir) => {
    const manifest = JSON.parse(readFileSync(`${repoRoot}/${dir}/package.json`, 'utf8')) as Manifest;
    return [manifest.name, manifest] as const;
  }),
);

/** The workspace packages a package needs at run time, directly or through another. */
function runtimeWorkspaceClosure(name: string, seen = new Set<string>()): Set<string> {
  for (const dependency of Object.keys(manifests.get(name)?.dependencies ?? {})) {
    if (!manifests.has(dependency) || seen.has(dependency)) continue;
    seen.add(dependency);
    runtimeWorkspaceClosure(dependency, seen);
  }
  return seen;
}

it('the router is only the router: at run time it needs the shared kit and the contract, no subgraph, platform or gateway-proxy', () => {
  expect([...runtimeWorkspaceClosure('@mcp-portal/router')].sort()).toEqual(['@mcp-portal/kit', '@mcp-portal/schema']);
});
