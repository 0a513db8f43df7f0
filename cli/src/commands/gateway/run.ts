import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { withGatewayFilter, type GatewayFilter } from '@mcp-portal/schema/gateway-filter';
import { PortalCommand } from '../../lib/base-command.ts';
import { checkGateway, DEFAULT_GATEWAY_PORT, resolveGatewayUrl, startBridge } from '../../lib/gateway-bridge.ts';
import { gatewayFilter, listFlag } from '../../lib/gateway-filter.ts';
import { DEFAULT_LISTEN_PORT, GatewayListener, type ListenTransport } from '../../lib/gateway-listener.ts';
import { readProfile, saveProfile } from '../../lib/gateway-profiles.ts';
import type { RelayEnd } from '../../lib/gateway-relay.ts';
import { PortalError } from '../../lib/errors.ts';
import { attachLocalPlatform, type LocalAttachment } from '../../lib/local-platform.ts';
import { ensureServersRunning } from '../../lib/local-servers.ts';
import { DEFAULT_WAIT_SECONDS } from '../../lib/server-command.ts';
import { readSavedLogin, requireToken } from '../../lib/settings.ts';
import { defaultLocalDataDir, localFiles } from '../../local-platform/protocol.ts';

export default class GatewayRun extends PortalCommand {
  static override summary = "Connect MCP clients to the platform's gateway-proxy: over stdio, or on a local HTTP port.";
  static override description =
    'With --transport stdio (the default) it bridges MCP between stdin/stdout and the gateway-proxy (Streamable HTTP, ' +
    'with your token), so that a client configured with the command `docker mcp gateway run` sees the tools of every ' +
    'running server; stdout carries the protocol only, problems go to stderr, and it ends when the client closes stdin. ' +
    'With --transport streaming (or sse) it listens on --port (127.0.0.1 unless --host) for clients that connect to a ' +
    'URL, http://127.0.0.1:8811/mcp (or /sse), and relays each of their sessions the same way. --servers and --tools ' +
    'offer only those servers and tools; --save-profile NAME saves them, --profile NAME uses them. ' +
    'When the CLI is logged in to no platform (no saved login, no DOCKER_MCP_URL or DOCKER_MCP_TOKEN), or with --local, ' +
    'it runs a local one instead (PGlite in --data-dir, loopback only, started from this repository) or uses the one ' +
    'already running there, signs in to it with a token of its own, runs the --servers named, and stops the platform ' +
    'when its last client leaves.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --servers memory,github --tools github:get_issue',
    '<%= config.bin %> <%= command.id %> --servers memory --save-profile notes',
    '<%= config.bin %> <%= command.id %> --profile notes --transport streaming --port 8811',
    '<%= config.bin %> <%= command.id %> --local --servers memory',
  ];

  static override flags = {
    transport: Flags.string({
      summary: 'How clients reach this command: stdio (the default), streaming (Streamable HTTP at /mcp) or sse (HTTP+SSE at /sse).',
      options: ['stdio', 'sse', 'streaming'],
      default: 'stdio',
    }),
    port: Flags.integer({
      summary: `Port to listen on for --transport sse|streaming (default ${DEFAULT_LISTEN_PORT}; 0 picks a free one).`,
      min: 0,
      max: 65535,
    }),
    host: Flags.string({ summary: 'Address to listen on for --transport sse|streaming (default 127.0.0.1: this machine only).', helpValue: '<address>' }),
    servers: listFlag('Offer only these servers (`--servers memory,github`).', '<a,b>'),
    tools: listFlag('Offer only these tools (`--tools github:get_issue,memory:read_graph`).', '<server:tool,…>'),
    profile: Flags.string({ summary: 'Use the servers and tools saved under this name (--servers/--tools given too replace its lists).', helpValue: '<name>' }),
    'save-profile': Flags.string({ summary: 'Save --servers/--tools under this name (in $DOCKER_CONFIG/mcp/profiles.json) and exit.', helpValue: '<name>' }),
    'gateway-url': Flags.string({
      summary: `The gateway-proxy's MCP endpoint (default: $DOCKER_MCP_GATEWAY_URL, else the one the router names at /.well-known/mcp-portal, else port ${DEFAULT_GATEWAY_PORT} of the router's host, /mcp).`,
      helpValue: '<url>',
    }),
    local: Flags.boolean({
      summary: 'Run a local platform (or use the one running on --data-dir) instead of a logged-in one; the default when logged in to none.',
      default: false,
    }),
    'data-dir': Flags.string({
      summary: "The local platform's data folder (default $XDG_DATA_HOME/mcp-portal, else ~/.local/share/mcp-portal).",
      helpValue: '<folder>',
    }),
    'platform-port': Flags.integer({
      summary: "The local platform's router (portal) port, when this command starts it (default: a free one).",
      min: 1,
      max: 65535,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GatewayRun);
    const profile = flags.profile ? await readProfile(flags.profile) : {};
    const filter = gatewayFilter({ servers: flags.servers, tools: flags.tools }, profile);
    if (flags['save-profile']) {
      const file = await saveProfile(flags['save-profile'], filter);
      this.log(
        `Saved the profile ${flags['save-profile']} (${describeFilter(filter)}) in ${file}: run \`docker mcp gateway run --profile ${flags['save-profile']}\`.`,
      );
      return;
    }
    if (flags.transport === 'stdio' && (flags.port !== undefined || flags.host !== undefined)) {
      throw new PortalError('--port and --host apply to --transport sse|streaming; stdio listens on no port.');
    }
    const local = flags.local || (await loggedInToNone(flags));
    if (local && (flags.url || flags['gateway-url'])) throw new PortalError('--local runs a local platform: --url and --gateway-url name another one.');
    if (!local && (flags['data-dir'] !== undefined || flags['platform-port'] !== undefined)) {
      throw new PortalError('--data-dir and --platform-port are for a local platform (--local, or when logged in to none).');
    }
    const warn = (line: string) => process.stderr.write(`${line}\n`);
    if (local) return this.runLocal(flags, filter, warn);

    const settings = await this.settings(flags.url);
    const token = requireToken(settings);
    const url = withGatewayFilter(await resolveGatewayUrl(settings.url, flags['gateway-url']), filter);
    await checkGateway(url, token);
    const end = await this.serve(flags, { url, token, warn });
    if (end.reason === 'error') throw new PortalError(end.message, { code: 'UNAUTHENTICATED' });
  }

  /** Relays stdio, or listens, until the client leaves, a signal comes, or `lost` resolves (the platform went away). */
  private async serve(flags: ServeFlags, options: { url: string; token: string; warn: (line: string) => void; lost?: Promise<string> }): Promise<RelayEnd> {
    const { url, token, warn } = options;
    if (flags.transport === 'stdio') return untilStopped(stoppedBy(startBridge({ url, token, warn }), options.lost));
    return this.listen(
      { url, token, warn, transport: flags.transport as ListenTransport, host: flags.host ?? '127.0.0.1', port: flags.port ?? DEFAULT_LISTEN_PORT },
      options.lost,
    );
  }

  /**
   * The local platform: attaches (starting it when none runs on the data folder), runs the --servers named,
   * relays with the attachment's own token, then detaches, which stops the platform when no other client uses it.
   */
  private async runLocal(
    flags: ServeFlags & { 'data-dir'?: string | undefined; 'platform-port'?: number | undefined },
    filter: GatewayFilter,
    warn: (line: string) => void,
  ): Promise<void> {
    const dataDir = resolve(flags['data-dir'] ?? defaultLocalDataDir());
    const attachment = await attachLocalPlatform({ dataDir, port: flags['platform-port'], progress: warn });
    let lostReason: string | undefined;
    const lost = attachment.lost.then((reason) => (lostReason = reason));
    let end: RelayEnd;
    try {
      warn(readyLine(attachment, dataDir));
      if (filter.servers?.length) {
        const names = filter.servers;
        for (const line of await ensureServersRunning({
          url: attachment.routerUrl,
          token: attachment.token,
          names,
          stream: process.stderr,
          timeoutMs: DEFAULT_WAIT_SECONDS * 1000,
        }))
          warn(line);
      }
      const url = withGatewayFilter(attachment.gatewayUrl, filter);
      await checkGateway(url, attachment.token);
      end = await this.serve(flags, { url, token: attachment.token, warn, lost });
    } finally {
      // The client may signal while the platform stops (SDK clients send SIGTERM soon after closing stdin): the
      // first signal lets the stop finish, a second one ends the CLI at once (the platform still stops).
      const ignore = () => undefined;
      process.once('SIGINT', ignore).once('SIGTERM', ignore);
      const detached = await attachment.detach().finally(() => process.removeListener('SIGINT', ignore).removeListener('SIGTERM', ignore));
      if (lostReason === undefined) {
        warn(
          detached.outcome === 'stopped'
            ? 'Stopped the local platform.'
            : `The local platform keeps running for its ${detached.attachments} other client${detached.attachments === 1 ? '' : 's'}.`,
        );
      }
    }
    if (lostReason) throw new PortalError(`The local platform went away (${lostReason}); see ${dataDir}/${localFiles.log}.`);
    if (end.reason === 'error') throw new PortalError(end.message);
  }

  private async listen(options: ConstructorParameters<typeof GatewayListener>[0], lost?: Promise<string>): Promise<RelayEnd> {
    const listener = new GatewayListener(options);
    await listener.listen();
    process.stderr.write(
      `Listening on ${listener.url} (${options.transport === 'sse' ? 'HTTP+SSE' : 'Streamable HTTP'}), relaying to ${options.url}; Ctrl-C to stop.\n`,
    );
    let stop: () => void = () => undefined;
    const stopped = new Promise<RelayEnd>((resolve) => (stop = () => resolve({ reason: 'closed' })));
    const end = await untilStopped(stoppedBy({ done: Promise.race([stopped, listener.failed]), stop }, lost));
    await listener.close();
    return end;
  }
}

type ServeFlags = { transport: string; host?: string | undefined; port?: number | undefined };

/** True when nothing names a platform to connect to: no --url, --gateway-url, DOCKER_MCP_* variable or saved login. */
async function loggedInToNone(flags: { url?: string | undefined; 'gateway-url'?: string | undefined }): Promise<boolean> {
  const env = process.env;
  if (flags.url || flags['gateway-url'] || env.DOCKER_MCP_URL || env.DOCKER_MCP_TOKEN || env.DOCKER_MCP_GATEWAY_URL) return false;
  return (await readSavedLogin()) === undefined;
}

function readyLine(attachment: LocalAttachment, dataDir: string): string {
  const password = attachment.adminPasswordFile ? `; its password is in ${attachment.adminPasswordFile}` : '';
  const portal = `portal ${attachment.routerUrl} (admin: ${attachment.adminEmail ?? 'unknown'}${password})`;
  if (attachment.startedHere) return `The local platform is running (pid ${attachment.launcherPid}): ${portal}.`;
  return `Using the local platform already running in ${dataDir} (pid ${attachment.launcherPid}, ${attachment.attachments} client${attachment.attachments === 1 ? '' : 's'} with this one): ${portal}.`;
}

/** Also stops `running` when `lost` resolves. */
function stoppedBy(running: { done: Promise<RelayEnd>; stop: () => void }, lost: Promise<string> | undefined): { done: Promise<RelayEnd>; stop: () => void } {
  void lost?.then(() => running.stop());
  return running;
}

function describeFilter(filter: GatewayFilter): string {
  return [filter.servers && `servers ${filter.servers.join(',')}`, filter.tools && `tools ${filter.tools.join(',')}`].filter(Boolean).join('; ');
}

/** Waits for `done`, stopping on Ctrl-C or SIGTERM. */
async function untilStopped(running: { done: Promise<RelayEnd>; stop: () => void }): Promise<RelayEnd> {
  const stop = () => running.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await running.done;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}
