import Docker from 'dockerode';
import { z } from 'zod';
import { parseInput } from '@mcp-portal/kit';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

const dockerHostSchema = z.union([
  z.string().regex(/^unix:\/\/\/.+/, 'a unix socket is written unix:///path/to/socket'),
  z.string().regex(/^tcp:\/\/[^/:]+:\d+\/?$/, 'a TCP engine is written tcp://host:port'),
]);

/**
 * How the Docker runtime reaches the engine: DOCKER_HOST (unix:///path or tcp://host:port) or the default socket.
 * When `dockerHost` is not given (DOCKER_HOST unset), docker-modem looks for the engine itself (the default socket).
 */
export function connectDocker(dockerHost?: string): { docker: Docker; address: string } {
  if (dockerHost === undefined) {
    return { docker: new Docker(), address: `unix://${DEFAULT_DOCKER_SOCKET}` };
  }
  const host = parseInput(dockerHostSchema, dockerHost, 'DOCKER_HOST');
  if (host.startsWith('unix://')) return { docker: new Docker({ socketPath: host.slice('unix://'.length) }), address: host };
  const url = new URL(host);
  return { docker: new Docker({ host: url.hostname, port: Number(url.port), protocol: 'http' }), address: host };
}

/**
 * The connection settings docker-modem resolved (its typings do not declare them). The stdio attach opens
 * its own HTTP upgrade with them, on the same socket or host as every other call.
 */
export interface ModemConnection {
  socketPath?: string;
  host?: string;
  port?: number | string;
  protocol?: 'http' | 'https' | 'ssh';
  version?: string;
  ca?: string | Buffer | (string | Buffer)[];
  cert?: string | Buffer | (string | Buffer)[];
  key?: string | Buffer | (string | Buffer)[];
}

export function modemConnection(docker: Docker): ModemConnection {
  return docker.modem as unknown as ModemConnection;
}
