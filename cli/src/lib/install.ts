import { lstat, mkdir, readlink, realpath, rename, symlink, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PortalError } from './errors.ts';
import { cliRoot } from './plugin.ts';
import { dockerConfigDir, type Env } from './settings.ts';

export interface InstallResult {
  /** `$DOCKER_CONFIG/cli-plugins/docker-mcp`. */
  path: string;
  /** The absolute path of cli/bin/docker-mcp it points at. */
  target: string;
  action: 'created' | 'updated' | 'unchanged';
  /** Where a foreign plugin that --force replaced was moved. */
  backup?: string;
}

/** A docker-mcp of some checkout of this repository, which may be replaced without --force. */
const isOurs = (target: string) => /(^|\/)cli\/bin\/docker-mcp$/.test(target);

/**
 * Installs the plugin as a symlink `$DOCKER_CONFIG/cli-plugins/docker-mcp` -> cli/bin/docker-mcp.
 * Idempotent; a different docker-mcp (such as Docker Desktop's) is only replaced, and kept as a backup,
 * with `force`.
 */
export async function installPlugin(options: { env?: Env; force?: boolean } = {}): Promise<InstallResult> {
  const pluginsDir = join(dockerConfigDir(options.env), 'cli-plugins');
  const path = join(pluginsDir, 'docker-mcp');
  const target = await realpath(join(cliRoot, 'bin', 'docker-mcp'));
  await mkdir(pluginsDir, { recursive: true });

  const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!existing) {
    await symlink(target, path);
    return { path, target, action: 'created' };
  }
  const current = existing.isSymbolicLink() ? resolve(pluginsDir, await readlink(path)) : undefined;
  if (current === target) return { path, target, action: 'unchanged' };
  if (current && isOurs(current)) {
    await replaceWithSymlink(path, target);
    return { path, target, action: 'updated' };
  }
  if (!options.force) {
    throw new PortalError(
      `${path} already exists and is not this CLI${current ? ` (it points at ${current})` : ''}; rerun with --force to replace it (it is kept as a backup).`,
    );
  }
  const backup = `${path}.backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, backup);
  await symlink(target, path);
  return { path, target, action: 'updated', backup };
}

/** Swaps the symlink atomically: a new link next to it renamed over the old one. */
async function replaceWithSymlink(path: string, target: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await unlink(temporary).catch(() => undefined);
  await symlink(target, temporary);
  await rename(temporary, path);
}
