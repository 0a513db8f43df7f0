import { PassThrough, Writable, type Readable } from 'node:stream';
import type { StdioStreams } from './runtime.ts';

/** Where an attachment's writes go: the server's stdin, or the engine connection that feeds it. */
export interface StdinSink {
  readonly writable: boolean;
  write(chunk: Buffer, callback: (error?: Error | null) => void): void;
}

/**
 * One instance's stdio, shared by successive attachments: the connection to the server stays open for the
 * instance's lifetime and each `open` hands out a view of it, replacing the previous view. Closing a view
 * never reaches the server, so its stdin stays open (podman closes a container's stdin when the attach
 * connection that fed it goes away; a child's stdin would close with its pipe). What the server writes to
 * stdout while no one is attached is discarded: it answers a session that is gone.
 */
export class AttachmentSlot {
  private current: { view: StdioStreams; stdout: PassThrough } | undefined;
  private ended = false;

  constructor(
    private readonly sink: StdinSink,
    serverStdout: Readable,
  ) {
    serverStdout.on('data', (chunk: Buffer) => {
      const stdout = this.current?.stdout;
      if (stdout && !stdout.writableEnded) stdout.write(chunk);
    });
    const end = () => {
      this.ended = true;
      this.current?.view.close();
    };
    serverStdout.once('end', end);
    serverStdout.once('close', end);
  }

  /** Whether the server's stdout has ended (it exited, or the engine connection is gone). */
  get isEnded(): boolean {
    return this.ended;
  }

  open(): StdioStreams {
    this.current?.view.close();
    const sink = this.sink;
    const stdout = new PassThrough();
    const stdin = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (!sink.writable) callback(new Error('The server no longer reads its stdin.'));
        else sink.write(chunk, callback);
      },
    });
    const view: StdioStreams = {
      stdin,
      stdout,
      close: () => {
        if (this.current?.view === view) this.current = undefined;
        stdout.end();
        stdin.destroy();
      },
    };
    this.current = { view, stdout };
    if (this.ended) view.close();
    return view;
  }

  /** Ends the current view, if any. */
  detach(): void {
    this.current?.view.close();
  }
}
