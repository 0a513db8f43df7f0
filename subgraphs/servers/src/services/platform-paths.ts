import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Where the platform keeps what no server may reach: its data directory (the master key, the embedded
 * database, anything sealed) except the servers' own folders under it, and /proc (where the platform's
 * own environment, MCP_MASTER_KEY included, can be read by a process of the same user).
 */
export interface PlatformPaths {
  /** MCP_DATA_DIR. */
  dataDir: string;
  /** MCP_DATA_DIR/servers: each process server's own folder lies here, and may be named. */
  serversDir: string;
}

const systemPaths = ['/proc'];

/** The path with every existing part's symbolic links resolved (a link cannot lead around the check). */
function realPath(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (true) {
    try {
      return resolve(realpathSync(existing), ...rest);
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest.unshift(existing.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      existing = parent;
    }
  }
}

const isInside = (path: string, folder: string) => {
  const fromFolder = relative(folder, path);
  return fromFolder === '' || (!fromFolder.startsWith('..') && !isAbsolute(fromFolder));
};

/** The texts in an argument or value that may be read as a path: the whole, and what follows `=` (`--root=/x`). */
function pathCandidates(text: string): string[] {
  const candidates = [text];
  const equals = text.indexOf('=');
  if (equals >= 0) candidates.push(text.slice(equals + 1));
  return candidates
    .filter((candidate) => candidate !== '')
    .map((candidate) => (candidate === '~' || candidate.startsWith('~/') ? homedir() + candidate.slice(1) : candidate));
}

/**
 * Why a server started in `cwd` with this argument or value would reach the platform's own files (it names
 * the data directory, a folder that holds it, or a file in it outside the servers' folders, or /proc), or
 * null when it does not. Every argument and environment value of a process server passes here, after its
 * templates are filled, since any of them may be a path the server opens.
 */
export function platformPathProblem(text: string, cwd: string, paths: PlatformPaths): string | null {
  const dataDir = realPath(resolve(paths.dataDir));
  const serversDir = realPath(resolve(paths.serversDir));
  for (const candidate of pathCandidates(text)) {
    const path = realPath(resolve(cwd, candidate));
    const reachesData = isInside(dataDir, path) || (isInside(path, dataDir) && !(isInside(path, serversDir) && path !== serversDir));
    if (reachesData)
      return `"${text}" names the platform's data directory (${paths.dataDir}), where its keys and database live; a server may use only its own folder`;
    const system = systemPaths.find((folder) => isInside(path, folder) || isInside(folder, path));
    if (system) return `"${text}" names ${system}, where the platform's own process can be read`;
  }
  return null;
}
