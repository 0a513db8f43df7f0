import { join } from 'node:path';
import { InvalidInputError } from '@mcp-portal/kit';
import { parseServerSpec, type ServerSpec } from '../../runtime/index.ts';
import type { CatalogEntry } from '../catalog-entry.ts';
import { resolveRun, RunResolutionError } from '../catalog-run.ts';
import type { LaunchConfig } from './launch-config.ts';

/** How a server is launched: as a container, as a local process, or reached over the network. */
export type LaunchPlan =
  | { kind: 'docker' | 'process'; spec: ServerSpec }
  | { kind: 'remote'; url: URL; transport: 'sse' | 'streamable-http' };

export interface LaunchSettings {
  /** `auto`: a container when the entry has an image and an engine answers, else a local process. */
  preference: 'auto' | 'docker' | 'process';
  dockerAvailable: boolean;
  cpus: number;
  memoryBytes: number;
  /** Each process server gets its own folder here (its working directory, `{dataDir}` in run env/args). */
  serversDataDir: string;
}

export class LaunchPlanError extends InvalidInputError {}

const expandDataDir = (value: string, dataDir: string) => value.replaceAll('{dataDir}', dataDir);

const templatePattern = /\{\{\s*([\w.-]+)(?:\|[^}]*)?\s*\}\}/g;
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
      throw new LaunchPlanError(`${serverName} needs the configuration value "${key}": set it on the server's page, with docker mcp config set ${serverName} ${key}=…, or with setServerConfig.`);
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
function secretEnvironment(entry: CatalogEntry, secrets: Record<string, string>): Record<string, string> {
  const missing = entry.secrets.filter((secret) => secrets[secret.name] === undefined).map((secret) => secret.name);
  if (missing.length > 0) {
    const names = missing.map((name) => `"${name}"`).join(', ');
    const them = missing.length > 1 ? 'them' : 'it';
    throw new LaunchPlanError(
      `${entry.name} needs the secret${missing.length > 1 ? 's' : ''} ${names}: set ${them} on the server's page, with docker mcp secret set ${entry.name} ${missing[0]}, or with setServerSecret.`,
    );
  }
  return Object.fromEntries(entry.secrets.map((secret) => [secret.env, secrets[secret.name] as string]));
}

/** Decides how to run an enabled server from its catalog entry; the error says what is missing. */
export function launchPlanFor(serverId: string, entry: CatalogEntry, settings: LaunchSettings, config: LaunchConfig = { values: {}, secrets: {} }): LaunchPlan {
  const filled = fill(config.values, entry.name);
  if (entry.remoteUrl) {
    const transport = entry.remoteTransport === 'sse' ? 'sse' : 'streamable-http';
    return { kind: 'remote', url: new URL(entry.remoteUrl), transport };
  }
  const labels = { 'io.mcp-portal.catalog-entry': entry.name };
  const secretEnv = secretEnvironment(entry, config.secrets);
  const env = { ...Object.fromEntries(entry.env.map(({ name, value }) => [name, filled.text(value)])), ...secretEnv };
  const preferDocker = settings.preference === 'docker' || (settings.preference === 'auto' && (settings.dockerAvailable || !entry.run));
  if (entry.image && preferDocker) {
    if (!settings.dockerAvailable) {
      throw new LaunchPlanError(`${entry.name} runs as the container image ${entry.image}, and no container engine answers (set DOCKER_HOST).`);
    }
    const [command, ...args] = filled.args(entry.command);
    const network = entry.disableNetwork || entry.allowHosts.length === 0 ? 'none' : 'bridge';
    return {
      kind: 'docker',
      spec: parseServerSpec({ serverId, name: entry.name, image: entry.image, ...(command ? { command, args } : {}), env, cpus: settings.cpus, memoryBytes: settings.memoryBytes, network, labels }),
    };
  }
  if (!entry.run && entry.image) {
    throw new LaunchPlanError(`${entry.name} runs as the container image ${entry.image}, and MCP servers run as local processes here (MCP_RUNTIME=process).`);
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
  return {
    kind: 'process',
    spec: parseServerSpec({
      serverId,
      name: entry.name,
      command: commandLine.command,
      args: filled.args(commandLine.args.map((arg) => expandDataDir(arg, dataDir))),
      cwd: dataDir,
      env: { ...env, ...Object.fromEntries(Object.entries(commandLine.env).map(([key, value]) => [key, filled.text(expandDataDir(value, dataDir))])) },
      cpus: settings.cpus,
      memoryBytes: settings.memoryBytes,
      labels,
    }),
  };
}
