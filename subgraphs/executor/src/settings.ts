import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { emptyAsUndefined, optionalUrl, readSettings, type Environment } from '@mcp-portal/kit';
import type { ResourceLimits } from './runner/index.ts';

/** The executor's own variables (MCP_EXECUTOR_*; see the README's configuration table). */
export interface ExecutorSettings {
  /** The project's own CLI (`cli/bin/docker-mcp`): the only executable the executor starts. */
  cliPath: string;
  /** The router the CLI talks to, as the user; default http://127.0.0.1:4000 (the one-process platform names its own). */
  routerUrl: string;
  routerUrlConfigured: boolean;
  timeoutSeconds: number;
  maxOutputBytes: number;
  maxOutputLines: number;
  maxConcurrent: number;
  maxPerUser: number;
  maxQueuedPerUser: number;
  /** Executions (and their output) are deleted this many days after they were asked for; 0 keeps them. */
  retentionDays: number;
  limits: ResourceLimits;
}

export const defaultCliPath = fileURLToPath(new URL('../../../cli/bin/docker-mcp', import.meta.url));
export const defaultRouterUrl = 'http://127.0.0.1:4000';

const integer = (fallback: number, min: number, max: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

const shape = {
  MCP_EXECUTOR_CLI: z.preprocess(emptyAsUndefined, z.string().refine(isAbsolute, 'must be an absolute path').optional()),
  MCP_EXECUTOR_ROUTER_URL: optionalUrl,
  MCP_EXECUTOR_TIMEOUT_SECONDS: integer(120, 5, 3600),
  MCP_EXECUTOR_MAX_OUTPUT_BYTES: integer(1024 * 1024, 1024, 64 * 1024 * 1024),
  MCP_EXECUTOR_MAX_OUTPUT_LINES: integer(20_000, 10, 1_000_000),
  MCP_EXECUTOR_MAX_CONCURRENT: integer(4, 1, 256),
  MCP_EXECUTOR_MAX_PER_USER: integer(2, 1, 256),
  MCP_EXECUTOR_MAX_QUEUED_PER_USER: integer(10, 0, 1000),
  MCP_EXECUTOR_RETENTION_DAYS: integer(30, 0, 3650),
  /**
   * RLIMIT_AS of the CLI's processes; 0 (the default) sets none: Node and WebAssembly reserve far more address space
   * than they use (each WebAssembly memory reserves about 10 GiB), so an address-space cap is a poor memory limit.
   */
  MCP_EXECUTOR_MEMORY_BYTES: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .refine((value) => value === 0 || value >= 1024 ** 3, 'must be 0 (none) or at least 1 GiB')
      .default(0),
  ),
  MCP_EXECUTOR_OPEN_FILES: integer(1024, 64, 65_536),
};

/** Parsed once by whoever starts the subgraph; a bad value throws a ConfigError naming the variable. */
export function readExecutorSettings(env: Environment): ExecutorSettings {
  const settings = readSettings(shape, env);
  return {
    cliPath: settings.MCP_EXECUTOR_CLI ?? defaultCliPath,
    routerUrl: new URL(settings.MCP_EXECUTOR_ROUTER_URL ?? defaultRouterUrl).origin,
    routerUrlConfigured: settings.MCP_EXECUTOR_ROUTER_URL !== undefined,
    timeoutSeconds: settings.MCP_EXECUTOR_TIMEOUT_SECONDS,
    maxOutputBytes: settings.MCP_EXECUTOR_MAX_OUTPUT_BYTES,
    maxOutputLines: settings.MCP_EXECUTOR_MAX_OUTPUT_LINES,
    maxConcurrent: settings.MCP_EXECUTOR_MAX_CONCURRENT,
    maxPerUser: settings.MCP_EXECUTOR_MAX_PER_USER,
    maxQueuedPerUser: settings.MCP_EXECUTOR_MAX_QUEUED_PER_USER,
    retentionDays: settings.MCP_EXECUTOR_RETENTION_DAYS,
    // CPU time cannot exceed the wall-clock timeout anyway; the cap also binds a process that escaped the group kill.
    limits: {
      cpuSeconds: settings.MCP_EXECUTOR_TIMEOUT_SECONDS,
      openFiles: settings.MCP_EXECUTOR_OPEN_FILES,
      ...(settings.MCP_EXECUTOR_MEMORY_BYTES > 0 ? { memoryBytes: settings.MCP_EXECUTOR_MEMORY_BYTES } : {}),
    },
  };
}
