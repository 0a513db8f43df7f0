import { ConflictError } from '@mcp-portal/kit';
import type { ServerRuntime } from '@mcp-portal/schema';
import type { CatalogEntry } from './catalog-entry.ts';
import { runProblem } from './catalog-run.ts';
import { runtimeFor, templateKeys, type RuntimeSituation } from './lifecycle/launch-plan.ts';

/**
 * What an entry cannot run without: a container engine (it runs only as an image), a program on the host
 * (it runs only as that command), network access (a remote URL, or `allowHosts`), a secret, a configuration
 * value its templates use, an OAuth sign-in.
 */
export type CatalogRequirementKind = 'container-engine' | 'program' | 'network' | 'secret' | 'config' | 'oauth';

export interface CatalogRequirement {
  kind: CatalogRequirementKind;
  /** What it is about: the image, the program, the host(s), the secret's name, the configuration key, the OAuth provider. */
  name: string | null;
  /** One sentence for people. */
  detail: string;
}

/** Whether this platform can run an entry now, and how; `reason` says why not. */
export interface Runnability {
  canRun: boolean;
  runtime: ServerRuntime | null;
  reason: string | null;
}

/** Enabling with a start, or starting, a server whose entry this platform cannot run. */
export class CannotRunHereError extends ConflictError {}

/** `allowHosts: ["*"]` is how an entry says that it reaches any host (fetch). */
const anyHost = '*';

function networkRequirement(entry: CatalogEntry): CatalogRequirement | null {
  if (entry.remoteUrl) {
    const origin = new URL(entry.remoteUrl).origin;
    return { kind: 'network', name: origin, detail: `Connects to ${origin} over the network.` };
  }
  if (entry.disableNetwork || entry.allowHosts.length === 0) return null;
  if (entry.allowHosts.includes(anyHost)) return { kind: 'network', name: anyHost, detail: 'Reaches any host on the internet.' };
  const hosts = entry.allowHosts.join(', ');
  return { kind: 'network', name: hosts, detail: `Reaches ${hosts} over the network.` };
}

/** Every text a `{{key}}` template may stand in (see launch-plan.ts). */
function templatedTexts(entry: CatalogEntry): string[] {
  return [...entry.env.map((v) => v.value), ...entry.command, ...(entry.run ? [...entry.run.args, ...entry.run.env.map((v) => v.value)] : [])];
}

/**
 * What catalog entries need and whether this platform can run them now. The runtime comes from the same
 * decision the lifecycle launches by (`runtimeFor`), taken with what the lifecycle found at start (MCP_RUNTIME,
 * and whether a container engine answered); a process entry must also find its package or program here.
 * Secrets, configuration values, OAuth and network access are listed but do not stop an entry from running:
 * they are set (or reached) after it is enabled, and a start that misses one says so.
 */
export class CatalogRequirements {
  constructor(private readonly situation: RuntimeSituation) {}

  of(entry: CatalogEntry): CatalogRequirement[] {
    const requirements: CatalogRequirement[] = [];
    if (!entry.remoteUrl && entry.image && !entry.run) {
      requirements.push({
        kind: 'container-engine',
        name: entry.image,
        detail: `Runs only as the container image ${entry.image}: needs a container engine (a Docker Engine API at DOCKER_HOST).`,
      });
    }
    if (!entry.remoteUrl && entry.run && !entry.run.package && !entry.image) {
      requirements.push({
        kind: 'program',
        name: entry.run.command,
        detail: `Runs the program ${entry.run.command}, which must be installed on the platform's host.`,
      });
    }
    const network = networkRequirement(entry);
    if (network) requirements.push(network);
    for (const secret of entry.secrets) {
      requirements.push({
        kind: 'secret',
        name: secret.name,
        detail: `The secret ${secret.name} (given to it as ${secret.env}): set it on the server once it is enabled.`,
      });
    }
    for (const key of templateKeys(templatedTexts(entry))) {
      requirements.push({ kind: 'config', name: key, detail: `The configuration value ${key}: set it on the server once it is enabled.` });
    }
    for (const provider of entry.oauth?.providers ?? []) {
      requirements.push({ kind: 'oauth', name: provider.provider, detail: `Signs in to ${provider.provider} with OAuth.` });
    }
    return requirements;
  }

  runnability(entry: CatalogEntry): Runnability {
    const choice = runtimeFor(entry, this.situation);
    if (choice.kind === null) return { canRun: false, runtime: null, reason: choice.reason };
    if (choice.kind === 'process' && entry.run) {
      const problem = runProblem(entry.run);
      if (problem) return { canRun: false, runtime: null, reason: `${entry.name} cannot run as a local process here: ${problem}` };
    }
    return { canRun: true, runtime: choice.kind, reason: null };
  }

  /** Refuses, naming what is missing, when this platform cannot run the entry now. */
  ensureRunnable(entry: CatalogEntry): void {
    const { canRun, reason } = this.runnability(entry);
    if (!canRun) throw new CannotRunHereError(reason ?? `${entry.name} cannot run here.`);
  }
}
