import { join } from 'node:path';
import { InvalidInputError, maskSecretValuesInLogs } from '@mcp-portal/kit';
import { parseServerSpec, type ServerSpec } from '../../runtime/index.ts';
import type { CatalogEntry } from '../catalog-entry.ts';
import { resolveRun, RunResolutionError } from '../catalog-run.ts';
import { serverEnvironment, ServerEnvironmentError, type EnvironmentSource } from '../server-environment.ts';
import { platformPathProblem } from '../platform-paths.ts';
import type { LaunchConfig } from './launch-config.ts';

/** How a server is launched: as a container, as a local process, or reached over the network. */
export type LaunchPlan = { kind: 'docker' | 'process'; spec: ServerSpec } | { kind: 'remote'; url: URL; transport: 'sse' | 'streamable-http' };

/** What the lifecycle found at start: which runtime MCP_RUNTIME asks for, and whether a container engine answered. */
export interface RuntimeSituation {
  /** `auto`: a container when the entry has an image and an engine answers, else a local process. */
  preference: 'auto' | 'docker' | 'process';
  dockerAvailable: boolean;
}

export interface LaunchSettings extends RuntimeSituation {
  cpus: number;
  memoryBytes: number;
  /** Each process server gets its own folder here (its working directory, `{dataDir}` in run env/args). */
  serversDataDir: string;
  /** MCP_DATA_DIR: what a process server's arguments and values may not name (see platform-paths.ts). */
  platformDataDir?: string;
}

export class LaunchPlanError extends InvalidInputError {}

const expandDataDir = (value: string, dataDir: string) => value.replaceAll('{dataDir}', dataDir);

const templatePattern = /\{\{\s*([\w.-]+)(?:\|[^}]*)?\s*\}\}/g;

/** The configuration keys that `{{key}}` templates in these texts name, in order of first use. */
export function templateKeys(texts: Iterable<string>): string[] {
  const keys = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(templatePattern)) if (match[1]) keys.add(match[1]);
  return [...keys];
}

const wholeTemplate = /^\{\{\s*([\w.-]+)(?:\|[^}]*)?\s*\}\}$/;

function textOf(value: unknown): string {
  if (Array.isArray(value)) return value.map(textOf).join(',');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Fills `{{key}}` (Docker's template syntax; a `|filter` is ignored) with the server's configuration
 * values. An argument that is only a template of a list becomes one argument per item.
 */
function fill(values: Record<string, unknown>, serverName: string) {
  const valueOf = (key: string) => {
    if (!(key in values)) {
      throw new LaunchPlanError(
        `${serverName} needs the configuration value "${key}": set it on the server's page, with docker mcp config set ${serverName} ${key}=…, or with setServerConfig.`,
      );
    }
    return values[key];
  };
  const text = (template: string) => template.replace(templatePattern, (_match, key: string) => textOf(valueOf(key)));
  return {
    text,
    args: (templates: string[]) =>
      templates.flatMap((template) => {
        const whole = wholeTemplate.exec(template);
        const value = whole?.[1] ? valueOf(whole[1]) : undefined;
        return Array.isArray(value) ? value.map(textOf) : [text(template)];
      }),
  };
}

/** The entry's `secrets:` as environment variables; a secret nobody set stops the start with its name. */
function secretEnvironment(entry: CatalogEntry, secrets: Record<string, string>): EnvironmentSource[] {
  const missing = entry.secrets.filter((secret) => secrets[secret.name] === undefined).map((secret) => secret.name);
  if (missing.length > 0) {
    const names = missing.map((name) => `"${name}"`).join(', ');
    const them = missing.length > 1 ? 'them' : 'it';
    throw new LaunchPlanError(
      `${entry.name} needs the secret${missing.length > 1 ? 's' : ''} ${names}: set ${them} on the server's page, with docker mcp secret set ${entry.name} ${missing[0]}, or with setServerSecret.`,
    );
  }
  const sources = entry.secrets.map((secret) => ({ name: secret.env, value: secrets[secret.name] as string, from: `secret "${secret.name}"` }));
  // Held in the clear from here on (the server's environment): no log line of this process may show them.
  maskSecretValuesInLogs(sources.map((source) => source.value));
  return sources;
}

/** How an entry runs on this platform, or why it cannot. */
export type RuntimeChoice = { kind: 'docker' | 'process' | 'remote' } | { kind: null; reason: string };

/**
 * The one decision of which runtime an entry gets here: remote when it has a URL; a container when it has
 * an image and MCP_RUNTIME=docker, or `auto` with an engine answering (or no `run:` to fall back on); else a
 * local process. The lifecycle launches by it, and the catalog reports it before anything is enabled.
 */
export function runtimeFor(entry: CatalogEntry, situation: RuntimeSituation): RuntimeChoice {
  if (entry.remoteUrl) return { kind: 'remote' };
  const preferDocker = situation.preference === 'docker' || (situation.preference === 'auto' && (situation.dockerAvailable || !entry.run));
  if (entry.image && preferDocker) {
    if (situation.dockerAvailable) return { kind: 'docker' };
    const why = entry.run ? `MCP_RUNTIME=docker runs it as the container image ${entry.image}` : `it runs only as the container image ${entry.image}`;
    return {
      kind: null,
      reason: `${entry.name} needs a container engine (a Docker Engine API at DOCKER_HOST): ${why}, and none answers. Install or start Docker (or set DOCKER_HOST) and restart the platform, or pick an entry that runs as a local process.`,
    };
  }
  if (!entry.run && entry.image) {
    return {
      kind: null,
      reason: `${entry.name} runs only as the container image ${entry.image}, and MCP servers run as local processes here (MCP_RUNTIME=process). Set MCP_RUNTIME=auto with a container engine, or pick an entry that runs as a local process.`,
    };
  }
  if (!entry.run) return { kind: null, reason: `${entry.name} says neither how to run as a process (run:) nor which image to use.` };
  return { kind: 'process' };
}

/** Decides how to run an enabled server from its catalog entry; the error says what is missing. */
export function launchPlanFor(serverId: string, entry: CatalogEntry, settings: LaunchSettings, config: LaunchConfig = { values: {}, secrets: {} }): LaunchPlan {
  const filled = fill(config.values, entry.name);
  const choice = runtimeFor(entry, settings);
  if (choice.kind === null) throw new LaunchPlanError(choice.reason);
  if (choice.kind === 'remote' && entry.remoteUrl) {
    const transport = entry.remoteTransport === 'sse' ? 'sse' : 'streamable-http';
    return { kind: 'remote', url: new URL(entry.remoteUrl), transport };
  }
  const labels = { 'io.mcp-portal.catalog-entry': entry.name };
  const entryEnv = entry.env.map(({ name, value }) => ({ name, value: filled.text(value), from: 'env' }));
  const secretEnv = secretEnvironment(entry, config.secrets);
  const environment = (sources: EnvironmentSource[]) => {
    try {
      return serverEnvironment(sources);
    } catch (error) {
      if (error instanceof ServerEnvironmentError) throw new LaunchPlanError(`${entry.name} cannot start: ${error.message}`);
      throw error;
    }
  };
  if (choice.kind === 'docker' && entry.image) {
    const [command, ...args] = filled.args(entry.command);
    const network = entry.disableNetwork || entry.allowHosts.length === 0 ? 'none' : 'bridge';
    return {
      kind: 'docker',
      spec: parseServerSpec({
        serverId,
        name: entry.name,
        image: entry.image,
        ...(command ? { command, args } : {}),
        env: environment([...entryEnv, ...secretEnv]),
        cpus: settings.cpus,
        memoryBytes: settings.memoryBytes,
        network,
        labels,
      }),
    };
  }
  if (!entry.run) throw new LaunchPlanError(`${entry.name} says neither how to run as a process (run:) nor which image to use.`);
  const dataDir = join(settings.serversDataDir, entry.name);
  let commandLine: ReturnType<typeof resolveRun>;
  try {
    commandLine = resolveRun(entry.run);
  } catch (error) {
    if (error instanceof RunResolutionError) throw new LaunchPlanError(error.message);
    throw error;
  }
  const args = filled.args(commandLine.args.map((arg) => expandDataDir(arg, dataDir)));
  const env = environment([
    ...entryEnv,
    ...secretEnv,
    ...Object.entries(commandLine.env).map(([name, value]) => ({ name, value: filled.text(expandDataDir(value, dataDir)), from: 'run.env' })),
  ]);
  if (settings.platformDataDir) {
    const paths = { dataDir: settings.platformDataDir, serversDir: settings.serversDataDir };
    const named = [...args.map((arg) => ({ text: arg, where: 'an argument' })), ...Object.entries(env).map(([name, value]) => ({ text: value, where: name }))];
    for (const { text, where } of named) {
      const problem = platformPathProblem(text, dataDir, paths);
      // Secret values are never repeated in an error: the variable is named instead.
      const secret = secretEnv.some((source) => source.name === where);
      if (problem)
        throw new LaunchPlanError(
          `${entry.name} cannot start: ${secret ? `the secret in ${where} names a path of the platform's own files` : `${where}: ${problem}`}.`,
        );
    }
  }
  return {
    kind: 'process',
    spec: parseServerSpec({
      serverId,
      name: entry.name,
      command: commandLine.command,
      args,
      cwd: dataDir,
      env,
      cpus: settings.cpus,
      memoryBytes: settings.memoryBytes,
      labels,
    }),
  };
}
