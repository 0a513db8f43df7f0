import { DockerRuntime, DEFAULT_PING_TIMEOUT_MS } from './docker-runtime.ts';
import { ProcessRuntime, type ProcessRuntimeOptions } from './process-runtime.ts';
import type { ContainerRuntime } from './runtime.ts';

export interface DetectRuntimeOptions {
  /** unix:///path or tcp://host:port; unset: DOCKER_HOST, then the default socket. */
  dockerHost?: string;
  pingTimeoutMs?: number;
  process?: ProcessRuntimeOptions;
}

export interface DetectedRuntime {
  runtime: ContainerRuntime;
  /** Why this runtime was chosen, for the start-up log. */
  reason: string;
}

/** The Docker runtime when an engine answers ping in time (about a second), else the process runtime. */
export async function detectRuntime(options: DetectRuntimeOptions = {}): Promise<DetectedRuntime> {
  const docker = new DockerRuntime({ dockerHost: options.dockerHost, pingTimeoutMs: options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS });
  try {
    await docker.ping();
    return { runtime: docker, reason: `a container engine answers at ${docker.address}` };
  } catch (error) {
    return { runtime: new ProcessRuntime(options.process), reason: `${(error as Error).message}; running MCP servers as local processes` };
  }
}
