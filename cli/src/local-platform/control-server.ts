import { chmod, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '@mcp-portal/kit';
import type { LocalCredential, LocalCredentials } from './credentials.ts';
import { controlRequestSchema, jsonLines, type AttachedReply, type ControlReply } from './protocol.ts';

export interface ControlServerOptions {
  socketPath: string;
  credentials: LocalCredentials;
  /** What an attachment is told besides its token. */
  endpoints: () => Pick<AttachedReply, 'routerUrl' | 'gatewayUrl' | 'adminPasswordFile'>;
  /** Stops the platform; called once, when the last attachment ends or on stop(). */
  stopPlatform: () => Promise<void>;
  logger: Logger;
  /** Stop when no CLI attaches within this long after the start (the one that started it went away). */
  firstAttachMs: number;
}

/**
 * The local platform's control socket. Each `docker mcp gateway run` attaches (one connection, kept open while
 * it runs) and gets a token of its own; when the connection ends (a `detach`, or the CLI died) the token is
 * revoked, and when no attachment remains the platform stops. Answers `stopping` to everyone still attached,
 * closes their connections once the platform has stopped, and resolves `stopped`.
 */
export class ControlServer {
  private readonly server: Server;
  private readonly attachments = new Map<Socket, LocalCredential>();
  private stopping: Promise<void> | null = null;
  private readonly firstAttachTimer: NodeJS.Timeout;
  private finished: () => void = () => undefined;
  readonly stopped = new Promise<void>((resolve) => (this.finished = resolve));

  constructor(private readonly options: ControlServerOptions) {
    this.server = createServer((socket) => this.accept(socket));
    this.firstAttachTimer = setTimeout(() => void this.stop('no client attached'), options.firstAttachMs);
  }

  async listen(): Promise<void> {
    const path = this.options.socketPath;
    // The caller holds the pid file: a socket file left here belongs to a launcher that is gone.
    if (process.platform !== 'win32') await rm(path, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(path, () => {
        this.server.removeListener('error', reject);
        resolve();
      });
    });
    if (process.platform !== 'win32') await chmod(path, 0o600);
  }

  private send(socket: Socket, reply: ControlReply): void {
    if (!socket.destroyed) socket.write(`${JSON.stringify(reply)}\n`);
  }

  private accept(socket: Socket): void {
    socket.on('error', () => undefined);
    socket.on('close', () => void this.release(socket));
    socket.on(
      'data',
      jsonLines((value) => {
        const request = controlRequestSchema.safeParse(value);
        if (!request.success) {
          this.send(socket, { op: 'error', message: 'Not a control request.' });
          socket.end();
          return;
        }
        if (request.data.op === 'attach') void this.attach(socket, request.data.pid);
        else void this.detach(socket);
      }),
    );
  }

  private async attach(socket: Socket, pid: number): Promise<void> {
    if (this.stopping || this.attachments.has(socket)) {
      this.send(socket, { op: 'error', message: this.stopping ? 'The local platform is stopping.' : 'Already attached.' });
      socket.end();
      return;
    }
    clearTimeout(this.firstAttachTimer);
    try {
      const credential = await this.options.credentials.mint();
      if (socket.destroyed) return void (await credential.revoke());
      this.attachments.set(socket, credential);
      this.options.logger.info({ cliPid: pid, attachments: this.attachments.size }, 'a CLI attached');
      this.send(socket, {
        op: 'attached',
        ...this.options.endpoints(),
        token: credential.token,
        launcherPid: process.pid,
        attachments: this.attachments.size,
        adminEmail: this.options.credentials.ownerEmail,
      });
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not mint a token for a CLI');
      this.send(socket, { op: 'error', message: `Could not mint a token: ${error instanceof Error ? error.message : String(error)}` });
      socket.end();
    }
  }

  private async detach(socket: Socket): Promise<void> {
    // Already stopping: the connection closes once the platform has stopped.
    if (this.stopping) return this.send(socket, { op: 'stopping' });
    const wasLast = this.attachments.has(socket) && this.attachments.size === 1;
    await this.release(socket);
    // The last one waits for the stop (its connection closes once the platform has stopped).
    if (wasLast) return this.send(socket, { op: 'stopping' });
    this.send(socket, { op: 'detached', attachments: this.attachments.size });
    socket.end();
  }

  /** Ends an attachment: its token is revoked; the last one stops the platform. */
  private async release(socket: Socket): Promise<void> {
    const credential = this.attachments.get(socket);
    if (!credential) return;
    this.attachments.delete(socket);
    this.options.logger.info({ attachments: this.attachments.size }, 'a CLI detached');
    await credential.revoke().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not revoke a local token'));
    if (this.attachments.size === 0) void this.stop('the last client left', socket);
  }

  /** Stops accepting, revokes every token, stops the platform, then closes the connections still open. */
  stop(reason: string, waiting?: Socket): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.firstAttachTimer);
      this.options.logger.info({ reason }, 'stopping the local platform');
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      const open = [...this.attachments.keys()];
      if (waiting) open.push(waiting);
      for (const socket of this.attachments.keys()) this.send(socket, { op: 'stopping' });
      for (const credential of this.attachments.values()) await credential.revoke().catch(() => undefined);
      this.attachments.clear();
      try {
        await this.options.stopPlatform();
      } finally {
        for (const socket of open) {
          socket.end();
          setTimeout(() => socket.destroy(), 2000).unref();
        }
        await closed;
        this.finished();
      }
    })();
    return this.stopping;
  }
}
