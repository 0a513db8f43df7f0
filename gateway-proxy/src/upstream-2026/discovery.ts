import { z } from 'zod';
import type { Logger } from '@mcp-portal/kit';
import { proxyServerInfo } from '../server-info.ts';
import { statelessRevision } from '../stateless/protocol.ts';
import type { UpstreamDirectory, UpstreamHttpEndpoint } from '../upstreams.ts';
import { send2026, type WireClient } from './wire.ts';

const discoverResultSchema = z.object({ supportedVersions: z.array(z.string()) }).passthrough();

/** How long the probe may take: a server that does not answer it in time is taken as one that speaks 2025-11-25 only. */
const probeTimeoutMs = 5_000;

/**
 * The proxy as a client in its own requests to servers (lists read for every client): it can pass on every
 * input request a client may answer.
 */
export const proxyAsClient: WireClient = {
  capabilities: { sampling: {}, elicitation: {}, roots: {} },
  clientInfo: { name: proxyServerInfo.name, version: proxyServerInfo.version },
};

/**
 * Which running servers speak MCP 2026-07-28: for a server the directory reaches over HTTP, a
 * `server/discover` probe (as mcp-proxy's `--upstreamProtocol auto` does) whose result lists 2026-07-28
 * among its supportedVersions. The answer is kept per connection (the directory names a new one when the
 * server restarts); anything but such a result (an error, a 2025-11-25 server's refusal, no answer) is
 * "no", and the server is then reached through the directory's 2025-11-25 session only.
 */
export class StatelessUpstreams {
  private readonly probes = new Map<string, { connection: string; speaks: Promise<boolean> }>();

  constructor(
    private readonly directory: UpstreamDirectory,
    private readonly logger: Logger,
  ) {}

  /** Whether the directory can say where servers are at all. */
  get supported(): boolean {
    return Boolean(this.directory.httpEndpoint);
  }

  /** The endpoint of a running server that speaks 2026-07-28; undefined for any other. */
  async endpointOf(serverId: string, name: string): Promise<UpstreamHttpEndpoint | undefined> {
    if (!this.directory.httpEndpoint) return undefined;
    const endpoint = await this.directory.httpEndpoint(serverId).catch((error: unknown) => ({ unavailable: (error as Error).message }));
    if ('unavailable' in endpoint) return undefined;
    let probe = this.probes.get(serverId);
    if (probe?.connection !== endpoint.connection) {
      probe = { connection: endpoint.connection, speaks: this.probe(endpoint, name) };
      this.probes.set(serverId, probe);
    }
    return (await probe.speaks) ? endpoint : undefined;
  }

  /** Forgets the servers that are not running any more. */
  keepOnly(serverIds: ReadonlySet<string>): void {
    for (const serverId of this.probes.keys()) if (!serverIds.has(serverId)) this.probes.delete(serverId);
  }

  private async probe(endpoint: UpstreamHttpEndpoint, name: string): Promise<boolean> {
    try {
      const answer = await send2026(endpoint, 'server/discover', {}, proxyAsClient, { timeoutMs: Math.min(probeTimeoutMs, endpoint.timeoutMs) });
      const parsed = 'result' in answer ? discoverResultSchema.safeParse(answer.result) : undefined;
      const speaks = Boolean(parsed?.success && parsed.data.supportedVersions.includes(statelessRevision));
      this.logger.info(
        { server: name, speaks2026: speaks },
        speaks
          ? `the server speaks MCP ${statelessRevision}: its clients of that revision are forwarded to it as they are`
          : `the server does not speak MCP ${statelessRevision}`,
      );
      return speaks;
    } catch (error) {
      this.logger.info({ server: name, err: error }, `the server did not answer server/discover: it is reached over MCP 2025-11-25 only`);
      return false;
    }
  }
}
