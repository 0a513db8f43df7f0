import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { AttachmentSlot } from './attachment-slot.ts';
import { modemConnection } from './docker-endpoint.ts';
import { EngineUnavailableError, InstanceNotFoundError } from './errors.ts';

/** The one attach connection the runtime holds per container; views of it are handed out by its slot. */
export interface ContainerStdio {
  slot: AttachmentSlot;
  /** Settles when the connection is gone (the container stopped, or `close`). */
  closed: Promise<void>;
  /** Drops the connection (with podman this closes the container's stdin). */
  close(): void;
}

/**
 * Attaches to a container's stdin/stdout/stderr with a hand-made HTTP upgrade and an empty body.
 * dockerode's `container.attach({hijack: true, stdin: true, …})` sends its options as a JSON body, which
 * podman's Docker API feeds into the container's stdin, where an MCP server reads it as a broken message;
 * Docker ignores the body. The answer is demultiplexed (no TTY) and the container's stdout handed on;
 * its stderr is read through the logs instead.
 */
export async function attachContainerStdio(docker: Docker, containerId: string, engineAddress: string): Promise<ContainerStdio> {
  const socket = await upgrade(docker, containerId, engineAddress);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stderr.resume();
  docker.modem.demuxStream(socket, stdout, stderr);
  const finish = () => {
    stdout.end();
    stderr.end();
  };
  socket.once('end', finish);
  socket.once('close', finish);
  socket.on('error', finish);
  const slot = new AttachmentSlot(
    {
      get writable() {
        return !socket.destroyed && socket.writable;
      },
      write: (chunk, callback) => socket.write(chunk, callback),
    },
    stdout,
  );
  return {
    slot,
    closed: new Promise((resolve) => socket.once('close', () => resolve())),
    close: () => {
      slot.detach();
      socket.destroy();
      finish();
    },
  };
}

function upgrade(docker: Docker, containerId: string, engineAddress: string): Promise<Duplex> {
  const connection = modemConnection(docker);
  if (connection.protocol === 'ssh') {
    return Promise.reject(new EngineUnavailableError(engineAddress, 'attaching to stdio over ssh:// is not supported; use unix:// or tcp://'));
  }
  const versionPrefix = connection.version ? `/${connection.version}` : '';
  const request = (connection.protocol === 'https' ? https : http).request({
    ...(connection.socketPath ? { socketPath: connection.socketPath } : { host: connection.host, port: connection.port }),
    ca: connection.ca,
    cert: connection.cert,
    key: connection.key,
    method: 'POST',
    path: `${versionPrefix}/containers/${encodeURIComponent(containerId)}/attach?stream=1&stdin=1&stdout=1&stderr=1`,
    headers: { 'Content-Length': '0', Connection: 'Upgrade', Upgrade: 'tcp' },
  });
  return new Promise((resolve, reject) => {
    request.once('upgrade', (_response, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => {
        if (response.statusCode === 404) reject(new InstanceNotFoundError(containerId));
        else reject(new Error(`The engine refused to attach (HTTP ${response.statusCode}): ${Buffer.concat(chunks).toString('utf8').trim()}`));
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => reject(new EngineUnavailableError(engineAddress, `${error.code ?? ''} ${error.message}`.trim())));
    request.end();
  });
}
