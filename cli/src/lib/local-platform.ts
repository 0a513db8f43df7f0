/**
 * The CLI's side of the local platform (src/local-platform/launcher.ts): finds its code, starts it when none runs
 * on the data folder, and attaches to it over the control socket, which hands this CLI an operator token of its
 * own (revoked when the attachment ends). The platform stops when its last attachment ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortalError } from './errors.ts';
import {
  ALREADY_RUNNING_EXIT,
  attachedReplySchema,
  controlReplySchema,
  controlSocketPath,
  jsonLines,
  localFiles,
  MAX_SOCKET_PATH,
  processAlive,
  readPidFile,
  removeStalePidFile,
  type AttachedReply,
  type ControlReply,
  type Env,
} from '../local-platform/protocol.ts';

/** The launcher, next to this file's folder in the sources (the built CLI keeps this file's own URL). */
const launcherPath = fileURLToPath(new URL('../local-platform/launcher.ts', import.meta.url));

export interface LocalPlatformCode {
  node: string;
  /** tsx's loader, which runs the platform's TypeScript sources (as `npm start` does). */
  tsxLoader: string;
  launcher: string;
}

function findUp(start: string, relative: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The platform's code: it runs from the MCP Portal repository (its workspaces and dependencies installed), which
 * the CLI is part of; a CLI copied elsewhere has none, and says so.
 */
export function findLocalPlatformCode(launcher = launcherPath): LocalPlatformCode {
  const from = dirname(launcher);
  const tsxLoader = findUp(from, join('node_modules', 'tsx', 'dist', 'loader.mjs'));
  const router = findUp(from, join('node_modules', '@mcp-portal', 'router', 'package.json'));
  const missing = [!existsSync(launcher) && launcher, !tsxLoader && 'node_modules/tsx', !router && 'node_modules/@mcp-portal/router'].filter(Boolean);
  if (missing.length > 0 || !tsxLoader) {
    throw new PortalError(
      `Cannot start a local platform: it runs from the MCP Portal repository with its dependencies installed (\`npm ci\`), and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. ` +
        'Log in to a platform instead: `docker mcp login --url <router URL>`.',
    );
  }
  return { node: process.execPath, tsxLoader, launcher };
}

/** Creates the data folder (0700) or makes an existing one 0700; refuses one owned by someone else. */
export function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const info = statSync(dataDir);
  if (!info.isDirectory()) throw new PortalError(`${dataDir} is not a folder.`);
  if (process.getuid && info.uid !== process.getuid())
    throw new PortalError(`${dataDir} belongs to another user: the local platform's data must be yours alone.`);
  if ((info.mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
  const socket = controlSocketPath(dataDir);
  if (process.platform !== 'win32' && Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    throw new PortalError(`The data folder's path is too long for its control socket (${socket}): pass a shorter --data-dir.`);
  }
}

export interface LocalAttachment extends AttachedReply {
  /** True when this CLI started the platform. */
  startedHere: boolean;
  /** Resolves with a reason when the platform goes away while attached (it was stopped or died). */
  lost: Promise<string>;
  /** Ends the attachment: `stopped` once the platform (this was its last attachment) has stopped. */
  detach(): Promise<{ outcome: 'stopped' } | { outcome: 'still-running'; attachments: number }>;
}

export interface AttachOptions {
  dataDir: string;
  /** The router's port for a platform started here (default: a free one). */
  port?: number;
  progress: (line: string) => void;
  env?: Env;
  /** How long starting (or waiting for one that is starting or stopping) may take. */
  timeoutMs?: number;
  code?: LocalPlatformCode;
}

/** One connection to the control socket: its replies as they come, and its end. */
class ControlConnection {
  private readonly listeners = new Set<(reply: ControlReply) => void>();
  readonly closed: Promise<void>;

  constructor(readonly socket: Socket) {
    socket.on(
      'data',
      jsonLines((value) => {
        const parsed = controlReplySchema.safeParse(value);
        const reply: ControlReply = parsed.success ? parsed.data : { op: 'error', message: 'The local platform sent an unreadable reply.' };
        for (const listener of [...this.listeners]) listener(reply);
      }),
    );
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  send(value: unknown): void {
    this.socket.write(`${JSON.stringify(value)}\n`);
  }

  /** The next reply that `accepts`; undefined when the connection closes first. */
  next(accepts: (reply: ControlReply) => boolean = () => true): Promise<ControlReply | undefined> {
    return new Promise((resolve) => {
      const listener = (reply: ControlReply) => {
        if (!accepts(reply)) return;
        this.listeners.delete(listener);
        resolve(reply);
      };
      this.listeners.add(listener);
      void this.closed.then(() => {
        this.listeners.delete(listener);
        resolve(undefined);
      });
    });
  }
}

/** Connects and attaches; undefined when no platform answers on the socket (none runs, or it is stopping). */
async function tryAttach(socketPath: string): Promise<{ connection: ControlConnection; reply: AttachedReply } | undefined> {
  const socket = connect(socketPath);
  const connected = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
  });
  if (!connected) {
    socket.destroy();
    return undefined;
  }
  const connection = new ControlConnection(socket);
  connection.send({ op: 'attach', pid: process.pid, label: 'docker mcp gateway run' });
  const reply = await connection.next();
  if (reply?.op === 'attached') return { connection, reply: attachedReplySchema.parse(reply) };
  socket.destroy();
  if (reply === undefined || (reply.op === 'error' && /stopping/.test(reply.message))) return undefined;
  throw new PortalError(`The local platform refused to attach: ${reply.op === 'error' ? reply.message : reply.op}.`);
}

/** Why a launcher failed, from its log: its `FATAL:` line, else the log's last lines. */
export function launchFailure(logFile: string, exitCode: number | null): PortalError {
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    // No log: the exit code alone.
  }
  const fatal = text
    .split('\n')
    .reverse()
    .find((line) => line.startsWith('FATAL: '));
  const detail = fatal ? fatal.slice('FATAL: '.length) : text.trim().split('\n').slice(-3).join(' | ').slice(0, 500) || `exit code ${exitCode}`;
  return new PortalError(`The local platform did not start (${detail}); its log is ${logFile}.`);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Attaches to the local platform on `dataDir`, starting it when none runs there (or waiting while one starts or
 * stops). Two CLIs starting at once: both launchers race for platform.pid, one runs, the other exits and its
 * CLI attaches to the winner.
 */
export async function attachLocalPlatform(options: AttachOptions): Promise<LocalAttachment> {
  const { dataDir, progress } = options;
  const code = options.code ?? findLocalPlatformCode();
  prepareDataDir(dataDir);
  const socketPath = controlSocketPath(dataDir);
  const pidFile = join(dataDir, localFiles.pid);
  const logFile = join(dataDir, localFiles.log);
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  let launcher: { child: ChildProcess; exit: number | null | undefined } | undefined;
  let launches = 0;
  let waitingFor: number | undefined;

  for (;;) {
    const attached = await tryAttach(socketPath);
    if (attached) return attachment(attached.connection, attached.reply, launcher !== undefined && launcher.child.pid === attached.reply.launcherPid);
    if (launcher && launcher.exit !== undefined && launcher.exit !== ALREADY_RUNNING_EXIT) throw launchFailure(logFile, launcher.exit);
    const holder = readPidFile(pidFile);
    if (holder !== undefined && processAlive(holder)) {
      if (holder !== waitingFor && holder !== launcher?.child.pid)
        progress(`Waiting for the local platform (pid ${holder}) in ${dataDir}, which is starting or stopping…`);
      waitingFor = holder;
    } else if (!launcher || launcher.exit !== undefined) {
      if (holder !== undefined) removeStalePidFile(pidFile, holder);
      if (launches >= 3) throw new PortalError(`Could not start the local platform in ${dataDir}: another one kept taking its place; its log is ${logFile}.`);
      launches += 1;
      progress(`Starting a local MCP Portal platform (data in ${dataDir}, log in ${logFile})…`);
      launcher = launch(code, options, logFile);
    }
    if (Date.now() > deadline) {
      throw new PortalError(
        `The local platform in ${dataDir} did not answer within ${Math.round((options.timeoutMs ?? 180_000) / 1000)} s; see ${logFile}${holder ? ` (its pid is ${holder})` : ''}.`,
      );
    }
    await delay(200);
  }
}

function launch(code: LocalPlatformCode, options: AttachOptions, logFile: string): { child: ChildProcess; exit: number | null | undefined } {
  const env: Env = { ...(options.env ?? process.env) };
  // The local platform has its own credentials: none of the CLI's.
  for (const name of Object.keys(env)) if (name.startsWith('DOCKER_MCP_')) delete env[name];
  const log = openSync(logFile, 'a', 0o600);
  chmodSync(logFile, 0o600);
  try {
    const args = [
      '--conditions=@mcp-portal/source',
      '--import',
      code.tsxLoader,
      code.launcher,
      options.dataDir,
      ...(options.port !== undefined ? ['--port', String(options.port)] : []),
    ];
    // Detached: its own process group, so the client's Ctrl-C reaches the CLIs, which detach, and not the platform.
    const child = spawn(code.node, args, { cwd: options.dataDir, env, detached: true, stdio: ['ignore', log, log], windowsHide: true });
    const started: { child: ChildProcess; exit: number | null | undefined } = { child, exit: undefined };
    child.on('exit', (exitCode) => (started.exit = exitCode));
    child.on('error', () => (started.exit = null));
    child.unref();
    return started;
  } finally {
    closeSync(log);
  }
}

function attachment(connection: ControlConnection, reply: AttachedReply, startedHere: boolean): LocalAttachment {
  let detaching = false;
  let stoppingAnnounced = false;
  const stopping = connection.next((next) => next.op === 'stopping');
  const lost = stopping.then((next) => {
    if (detaching) return new Promise<string>(() => undefined);
    stoppingAnnounced = next !== undefined;
    return next ? 'it is stopping' : 'its control connection closed';
  });
  return {
    ...reply,
    startedHere,
    lost,
    async detach() {
      if (connection.socket.destroyed) return { outcome: 'stopped' };
      if (stoppingAnnounced) {
        // Stopped under us (a signal to the platform): it closes the connection once it has stopped.
        await Promise.race([connection.closed, delay(60_000)]);
        connection.socket.destroy();
        return { outcome: 'stopped' };
      }
      detaching = true;
      const answer = connection.next((next) => next.op === 'detached' || next.op === 'stopping');
      connection.send({ op: 'detach' });
      const outcome = await answer;
      if (outcome?.op === 'detached') {
        connection.socket.end();
        return { outcome: 'still-running', attachments: outcome.attachments };
      }
      // The last attachment: the platform closes the connection once it has stopped.
      await Promise.race([connection.closed, delay(60_000)]);
      connection.socket.destroy();
      return { outcome: 'stopped' };
    },
  };
}
