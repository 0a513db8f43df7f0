import type Docker from 'dockerode';
import { MANAGED_LABEL, SERVER_ID_LABEL, SERVER_NAME_LABEL } from './runtime.ts';
import type { ServerSpec } from './server-spec.ts';

/** The user a container runs as unless its spec names one: nobody, never root. */
export const DEFAULT_CONTAINER_USER = '65534:65534';
/** Scratch space for servers on a read-only root filesystem. */
export const TMPFS_OPTIONS = 'rw,noexec,nosuid,nodev,size=64m';
export const PIDS_LIMIT = 256;

/**
 * The create options of one server's container, hardened by default: no network unless asked for,
 * read-only root, CPU/memory/pids limits, no new privileges, every capability dropped, not root, an init
 * process, stdin kept open for MCP over stdio without a TTY, and labelled as ours.
 */
export function hardenedContainerConfig(spec: ServerSpec, containerName: string): Docker.ContainerCreateOptions {
  return {
    name: containerName,
    Image: spec.image,
    ...(spec.command === undefined ? {} : { Cmd: [spec.command, ...spec.args] }),
    Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
    User: spec.user ?? DEFAULT_CONTAINER_USER,
    Labels: { ...spec.labels, [MANAGED_LABEL]: 'true', [SERVER_ID_LABEL]: spec.serverId, [SERVER_NAME_LABEL]: spec.name },
    OpenStdin: true,
    StdinOnce: false,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      NetworkMode: spec.network,
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': TMPFS_OPTIONS },
      NanoCpus: Math.round(spec.cpus * 1e9),
      Memory: spec.memoryBytes,
      MemorySwap: spec.memoryBytes,
      PidsLimit: PIDS_LIMIT,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      // An init process as PID 1 forwards SIGTERM (PID 1 ignores signals it has no handler for) and reaps zombies.
      Init: true,
      AutoRemove: false,
    },
  };
}
