import { allowHostsSetting, optionalString, optionalUrl, readSettings, type Environment } from '@mcp-portal/kit';
import { z } from 'zod';
import { bundledCatalogPath } from './services/catalog.ts';
import { parseRunnablePackages, RunnablePackagesSettingError } from './services/runnable-packages.ts';

const runnablePackagesSetting = z
  .string()
  .optional()
  .transform((value, ctx) => {
    try {
      return parseRunnablePackages(value);
    } catch (error) {
      if (!(error instanceof RunnablePackagesSettingError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });

/** The servers subgraph's catalog and addressing variables (see the README's configuration table). */
export const serversSettings = {
  MCP_CATALOG_PATH: z.string().default(bundledCatalogPath),
  MCP_CATALOG_IMPORT_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  MCP_CATALOG_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  MCP_CATALOG_IMPORT_ALLOW_HOSTS: allowHostsSetting,
  MCP_CATALOG_IMPORT_PARSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  MCP_RUNNABLE_PACKAGES: runnablePackagesSetting,
  MCP_SERVERS_INTERNAL_URL: optionalUrl,
};

/** How servers run: runtimes, limits, health checks, the lifecycle lease. */
export const lifecycleSettings = {
  MCP_DATA_DIR: z.string().default('./.mcp-data'),
  /** `auto`: containers for image entries when an engine answers, local processes otherwise. */
  MCP_RUNTIME: z.enum(['auto', 'docker', 'process']).default('auto'),
  DOCKER_HOST: optionalString,
  MCP_SERVER_CPUS: z.coerce.number().positive().max(64).default(1),
  MCP_SERVER_MEMORY_MB: z.coerce.number().int().min(16).max(65_536).default(512),
  MCP_HANDSHAKE_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(30),
  MCP_HEALTH_INTERVAL_SECONDS: z.coerce.number().positive().max(3_600).default(30),
  MCP_HEALTH_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(10),
  MCP_MAX_RESTARTS: z.coerce.number().int().min(0).max(100).default(5),
  MCP_TOOL_CALL_TIMEOUT_SECONDS: z.coerce.number().positive().max(3_600).default(60),
  /** How long the lifecycle lease lasts unrenewed (renewed every third of it). */
  MCP_LIFECYCLE_LEASE_SECONDS: z.coerce.number().min(1).max(600).default(15),
  /** How long one server start keeps asking a config subgraph that does not answer before the server fails. */
  MCP_CONFIG_WAIT_SECONDS: z.coerce.number().min(1).max(3_600).default(60),
};

export type LifecycleSettings = z.infer<z.ZodObject<typeof lifecycleSettings>>;

export type ServersSettings = z.infer<z.ZodObject<typeof serversSettings>> & { lifecycle: LifecycleSettings };

/** Parsed once by whoever starts the subgraph; a bad value throws a ConfigError naming the variable. */
export function readServersSettings(env: Environment): ServersSettings {
  return { ...readSettings(serversSettings, env), lifecycle: readSettings(lifecycleSettings, env) };
}
