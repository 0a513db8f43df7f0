import { Flags } from '@oclif/core';
import { withGatewayFilter, type GatewayFilter } from '@mcp-portal/schema/gateway-filter';
import { PortalCommand } from '../../lib/base-command.ts';
import { checkGateway, DEFAULT_GATEWAY_PORT, resolveGatewayUrl, startBridge } from '../../lib/gateway-bridge.ts';
import { gatewayFilter, listFlag } from '../../lib/gateway-filter.ts';
import { DEFAULT_LISTEN_PORT, GatewayListener, type ListenTransport } from '../../lib/gateway-listener.ts';
import { readProfile, saveProfile } from '../../lib/gateway-profiles.ts';
import type { RelayEnd } from '../../lib/gateway-relay.ts';
import { PortalError } from '../../lib/errors.ts';
import { requireToken } from '../../lib/settings.ts';

export default class GatewayRun extends PortalCommand {
  static override summary = "Connect MCP clients to the platform's gateway-proxy: over stdio, or on a local HTTP port.";
  static override description =
    'With --transport stdio (the default) it bridges MCP between stdin/stdout and the gateway-proxy (Streamable HTTP, ' +
    'with your token), so that a client configured with the command `docker mcp gateway run` sees the tools of every ' +
    'running server; stdout carries the protocol only, problems go to stderr, and it ends when the client closes stdin. ' +
    'With --transport streaming (or sse) it listens on --port (127.0.0.1 unless --host) for clients that connect to a ' +
    'URL, http://127.0.0.1:8811/mcp (or /sse), and relays each of their sessions the same way. --servers and --tools ' +
    'offer only those servers and tools; --save-profile NAME saves them, --profile NAME uses them.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --servers memory,github --tools github:get_issue',
    '<%= config.bin %> <%= command.id %> --servers memory --save-profile notes',
    '<%= config.bin %> <%= command.id %> --profile notes --transport streaming --port 8811',
  ];

  static override flags = {
    transport: Flags.string({ summary: 'How clients reach this command: stdio (the default), streaming (Streamable HTTP at /mcp) or sse (HTTP+SSE at /sse).', options: ['stdio', 'sse', 'streaming'], default: 'stdio' }),
    port: Flags.integer({ summary: `Port to listen on for --transport sse|streaming (default ${DEFAULT_LISTEN_PORT}; 0 picks a free one).`, min: 0, max: 65535 }),
    host: Flags.string({ summary: 'Address to listen on for --transport sse|streaming (default 127.0.0.1: this machine only).', helpValue: '<address>' }),
    servers: listFlag('Offer only these servers (`--servers memory,github`).', '<a,b>'),
    tools: listFlag('Offer only these tools (`--tools github:get_issue,memory:read_graph`).', '<server:tool,…>'),
    profile: Flags.string({ summary: 'Use the servers and tools saved under this name (--servers/--tools given too replace its lists).', helpValue: '<name>' }),
    'save-profile': Flags.string({ summary: 'Save --servers/--tools under this name (in $DOCKER_CONFIG/mcp/profiles.json) and exit.', helpValue: '<name>' }),
    'gateway-url': Flags.string({
      summary: `The gateway-proxy's MCP endpoint (default: $DOCKER_MCP_GATEWAY_URL, else the one the router names at /.well-known/mcp-portal, else port ${DEFAULT_GATEWAY_PORT} of the router's host, /mcp).`,
      helpValue: '<url>',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GatewayRun);
    const profile = flags.profile ? await readProfile(flags.profile) : {};
    const filter = gatewayFilter({ servers: flags.servers, tools: flags.tools }, profile);
    if (flags['save-profile']) {
      const file = await saveProfile(flags['save-profile'], filter);
      this.log(`Saved the profile ${flags['save-profile']} (${describeFilter(filter)}) in ${file}: run \`docker mcp gateway run --profile ${flags['save-profile']}\`.`);
      return;
    }
    if (flags.transport === 'stdio' && (flags.port !== undefined || flags.host !== undefined)) {
      throw new PortalError('--port and --host apply to --transport sse|streaming; stdio listens on no port.');
    }
    const settings = await this.settings(flags.url);
    const token = requireToken(settings);
    const url = withGatewayFilter(await resolveGatewayUrl(settings.url, flags['gateway-url']), filter);
    await checkGateway(url, token);
    const warn = (line: string) => process.stderr.write(`${line}\n`);

    const end = flags.transport === 'stdio'
      ? await untilStopped(startBridge({ url, token, warn }))
      : await this.listen({ url, token, warn, transport: flags.transport as ListenTransport, host: flags.host ?? '127.0.0.1', port: flags.port ?? DEFAULT_LISTEN_PORT });
    if (end.reason === 'error') throw new PortalError(end.message, { code: 'UNAUTHENTICATED' });
  }

  private async listen(options: ConstructorParameters<typeof GatewayListener>[0]): Promise<RelayEnd> {
    const listener = new GatewayListener(options);
    await listener.listen();
    process.stderr.write(`Listening on ${listener.url} (${options.transport === 'sse' ? 'HTTP+SSE' : 'Streamable HTTP'}), relaying to ${options.url}; Ctrl-C to stop.\n`);
    let stop: () => void = () => undefined;
    const stopped = new Promise<RelayEnd>((resolve) => (stop = () => resolve({ reason: 'closed' })));
    const end = await untilStopped({ done: Promise.race([stopped, listener.failed]), stop });
    await listener.close();
    return end;
  }
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
