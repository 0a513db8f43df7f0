/**
 * What the CLI and the local platform's launcher (launcher.ts) share: the files in the local data folder and the
 * messages on its control socket, one JSON object a line. The socket lives in the data folder (0700), so only
 * the user who owns the folder (who can read the database and master key there anyway) can reach it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

/** `$XDG_DATA_HOME/mcp-portal`, else `~/.local/share/mcp-portal`. */
export function defaultLocalDataDir(env: Env = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'mcp-portal');
}

export const localFiles = {
  /** The launcher's pid, created exclusively (O_EXCL): whoever creates it runs the platform on this folder. */
  pid: 'platform.pid',
  /** The launcher's log (pino JSON lines), started anew by each launcher. */
  log: 'platform.log',
  /** The generated password of the first admin, written once (0600) for signing in to the local portal. */
  adminPassword: 'admin-password',
} as const;

/** The control socket: `platform.sock` in the data folder (a named pipe on Windows, named after the folder). */
export function controlSocketPath(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `\\\\.\\pipe\\mcp-portal-${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
  return join(dataDir, 'platform.sock');
}

/** Unix socket paths longer than this do not fit in sockaddr_un on every system (104 bytes on macOS). */
export const MAX_SOCKET_PATH = 100;

/** The launcher's exit code when another launcher already runs the platform on the folder. */
export const ALREADY_RUNNING_EXIT = 3;

export const attachRequestSchema = z.object({ op: z.literal('attach'), pid: z.number().int(), label: z.string().max(200) });
export const detachRequestSchema = z.object({ op: z.literal('detach') });
export const controlRequestSchema = z.discriminatedUnion('op', [attachRequestSchema, detachRequestSchema]);
export type ControlRequest = z.infer<typeof controlRequestSchema>;

export const attachedReplySchema = z.object({
  op: z.literal('attached'),
  /** The router (portal and GraphQL), on loopback. */
  routerUrl: z.url(),
  /** The gateway-proxy's MCP endpoint, on loopback. */
  gatewayUrl: z.url(),
  /** An operator API token minted for this attachment only; revoked when it ends. */
  token: z.string().min(1),
  launcherPid: z.number().int(),
  /** Attachments including this one. */
  attachments: z.number().int(),
  adminEmail: z.string().nullable(),
  /** Set while the generated admin password is still in its file. */
  adminPasswordFile: z.string().nullable(),
});
export type AttachedReply = z.infer<typeof attachedReplySchema>;

export const controlReplySchema = z.discriminatedUnion('op', [
  attachedReplySchema,
  /** The attachment ended and others remain: the platform keeps running. */
  z.object({ op: z.literal('detached'), attachments: z.number().int() }),
  /** The platform is stopping (the last attachment ended, or a signal): the socket closes once it has stopped. */
  z.object({ op: z.literal('stopping') }),
  z.object({ op: z.literal('error'), message: z.string() }),
]);
export type ControlReply = z.infer<typeof controlReplySchema>;

/** Splits a socket's data into JSON lines and hands each parsed value on; a line that is not JSON is `undefined`. */
export function jsonLines(onValue: (value: unknown) => void): (chunk: Buffer | string) => void {
  let buffered = '';
  return (chunk) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (!line) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      onValue(value);
    }
    // One message is small: a peer that sends a megabyte without a newline is not speaking this protocol.
    if (buffered.length > 1_000_000) buffered = '';
  };
}

/** Whether a process with this pid exists (EPERM: it does, as another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a pid file; undefined when there is no file or it holds no pid. */
export function readPidFile(file: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** Removes a pid file left by a process that is gone, unless another process replaced it meanwhile. */
export function removeStalePidFile(file: string, stalePid: number): void {
  if (readPidFile(file) !== stalePid) return;
  rmSync(file, { force: true });
}
