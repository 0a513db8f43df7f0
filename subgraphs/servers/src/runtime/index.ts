export * from './runtime.ts';
export { parseServerSpec, serverSpecSchema, DEFAULT_CPUS, DEFAULT_MEMORY_BYTES } from './server-spec.ts';
export * from './errors.ts';
export { ProcessRuntime, DEFAULT_STOP_TIMEOUT_MS, type ProcessRuntimeOptions } from './process-runtime.ts';
export { DockerRuntime, DEFAULT_PING_TIMEOUT_MS, type DockerRuntimeOptions } from './docker-runtime.ts';
export { hardenedContainerConfig, DEFAULT_CONTAINER_USER } from './docker-container-config.ts';
export { detectRuntime, type DetectRuntimeOptions, type DetectedRuntime } from './detect.ts';
export { AttachedStdioTransport } from './stdio-transport.ts';
export { connectMcpClient, DEFAULT_HANDSHAKE_TIMEOUT_MS, type McpConnection, type McpConnectOptions } from './mcp-connect.ts';
