import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The CLI package directory (cli/), resolved from this file so it works from any cwd. */
export const cliRoot = fileURLToPath(new URL('../../', import.meta.url));

export const PLUGIN_NAME = 'mcp';
export const SHORT_DESCRIPTION = 'Manage MCP servers through the MCP Portal';

export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** What `docker-mcp docker-cli-plugin-metadata` prints for the Docker CLI plugin protocol. */
export function pluginMetadata() {
  return { SchemaVersion: '0.1.0', Vendor: 'MCP Portal', Version: cliVersion(), ShortDescription: SHORT_DESCRIPTION };
}

/**
 * Docker runs a plugin as `docker-mcp mcp <args>` (`docker mcp server ls` becomes
 * `docker-mcp mcp server ls`): drop that leading plugin name before oclif parses the rest.
 */
export function pluginArgv(argv: string[]): string[] {
  return argv[0] === PLUGIN_NAME ? argv.slice(1) : argv;
}
