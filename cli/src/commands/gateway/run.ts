import { Flags } from '@oclif/core';
import { PortalCommand } from '../../lib/base-command.ts';
import { checkGateway, DEFAULT_GATEWAY_PORT, resolveGatewayUrl, startBridge } from '../../lib/gateway-bridge.ts';
import { PortalError } from '../../lib/errors.ts';
import { requireToken } from '../../lib/settings.ts';

export default class GatewayRun extends PortalCommand {
  static override summary = "Connect an MCP client over stdio to the platform's gateway-proxy.";
  static override description =
    'Bridges MCP between stdin/stdout and the gateway-proxy (Streamable HTTP, with your token), so that a client ' +
    'configured with the command `docker mcp gateway run` sees the tools of every running server. stdout carries ' +
    'the protocol only; problems go to stderr. It ends when the client closes stdin, or on Ctrl-C.';

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --gateway-url http://127.0.0.1:4100/mcp'];

  static override flags = {
    transport: Flags.string({ summary: 'How clients reach this command: stdio (the default); sse and streaming are not built yet.', options: ['stdio', 'sse', 'streaming'], default: 'stdio' }),
    port: Flags.integer({ summary: 'Port to listen on for --transport sse|streaming (not built yet).', min: 1, max: 65535 }),
    'gateway-url': Flags.string({
      summary: `The gateway-proxy's MCP endpoint (default: $DOCKER_MCP_GATEWAY_URL, else the one the router names at /.well-known/mcp-portal, else port ${DEFAULT_GATEWAY_PORT} of the router's host, /mcp).`,
      helpValue: '<url>',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GatewayRun);
    if (flags.transport !== 'stdio') {
      throw new PortalError(`--transport ${flags.transport} is not built yet: use --transport stdio (the default), or connect to the gateway-proxy's /mcp (streaming) or /sse directly.`);
    }
    if (flags.port !== undefined) throw new PortalError('--port applies to --transport sse|streaming, which are not built yet; stdio listens on no port.');
    const settings = await this.settings(flags.url);
    const token = requireToken(settings);
    const url = await resolveGatewayUrl(settings.url, flags['gateway-url']);
    await checkGateway(url, token);

    const bridge = startBridge({ url, token, warn: (line) => process.stderr.write(`${line}\n`) });
    const stop = () => bridge.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const end = await bridge.done;
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    if (end.reason === 'error') throw new PortalError(end.message, { code: 'UNAUTHENTICATED' });
  }
}
