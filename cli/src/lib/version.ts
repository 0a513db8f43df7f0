import { cliVersion } from './plugin.ts';

/** What this CLI is and runs on: `docker mcp version`, `docker mcp --version`. */
export interface ClientVersion {
  /** The CLI's version, from cli/package.json (the plugin metadata's `Version` too). */
  version: string;
  /** `v20.20.2` */
  node: string;
  /** `linux`, `darwin`, `win32` (Node's `process.platform`). */
  platform: string;
  /** `x64`, `arm64` (Node's `process.arch`). */
  arch: string;
}

export function clientVersion(): ClientVersion {
  return { version: cliVersion(), node: process.version, platform: process.platform, arch: process.arch };
}

/** `docker mcp --version`: `docker mcp version 0.1.0 (node v20.20.2, linux/x64)`. */
export function versionLine(client: ClientVersion = clientVersion()): string {
  return `docker mcp version ${client.version} (node ${client.node}, ${client.platform}/${client.arch})`;
}
