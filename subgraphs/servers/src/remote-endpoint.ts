import { z } from 'zod';
import { InternalRequestKey, ServiceUnavailableError, type PeerDirectory, type SecretBox } from '@mcp-portal/kit';
import { oauthConnectionModes } from '@mcp-portal/schema/catalog-format';
import type { CatalogEntry } from './services/catalog-entry.ts';

/**
 * Where an enabled server answers and how it signs in, for the processes that reach remote servers themselves
 * (the dcr subgraph's OAuth connections, the gateway-proxy): exported as `@mcp-portal/servers/remote-endpoint`.
 * The servers subgraph owns servers and catalog entries and answers `remoteEndpointPath` (signed requests only).
 */
export const remoteEndpointPath = '/internal/remote-endpoint';

export const remoteTransports = ['streamable-http', 'sse'] as const;

export const remoteEndpointSchema = z.object({
  serverId: z.string(),
  /** The catalog entry's name. */
  name: z.string(),
  /** The MCP endpoint of a remote server; null for a server that runs here (a container or a local process). */
  url: z.string().nullable(),
  transport: z.enum(remoteTransports).nullable(),
  /** The entry's `oauth` block; null when it has none (the server may still answer 401: see the proxy). */
  oauth: z
    .object({
      connection: z.enum(oauthConnectionModes),
      scopes: z.array(z.string()),
      providers: z.array(z.string()),
    })
    .nullable(),
});
export type RemoteEndpoint = z.infer<typeof remoteEndpointSchema>;

/** What a server's catalog entry says of where it answers and how it signs in (nothing once the entry is gone). */
export function remoteEndpointOf(serverId: string, name: string, entry: CatalogEntry | null): RemoteEndpoint {
  if (!entry) return { serverId, name, url: null, transport: null, oauth: null };
  return {
    serverId,
    name,
    url: entry.remoteUrl,
    transport: entry.remoteUrl ? (entry.remoteTransport === 'sse' ? 'sse' : 'streamable-http') : null,
    oauth: entry.oauth ? { connection: entry.oauth.connection, scopes: entry.oauth.scopes, providers: entry.oauth.providers.map((p) => p.provider) } : null,
  };
}

/**
 * Reads a server's RemoteEndpoint from the servers subgraph each time (an entry may change at any time). Null
 * when there is no such server; SERVICE_UNAVAILABLE when the servers subgraph is missing or does not answer.
 */
export class RemoteEndpointSource {
  private readonly key: InternalRequestKey;

  constructor(
    secrets: SecretBox,
    private readonly peers: PeerDirectory | undefined,
  ) {
    this.key = InternalRequestKey.from(secrets);
  }

  async of(serverId: string): Promise<RemoteEndpoint | null> {
    const base = this.peers?.urlOf('servers');
    if (!base) {
      throw new ServiceUnavailableError(
        this.peers?.expects('servers')
          ? 'The servers subgraph has not started yet: where the server answers is not known. Try again in a moment.'
          : 'This deployment has no servers subgraph (SUBGRAPH_SERVERS_URL): where a server answers is not known.',
      );
    }
    const url = new URL(remoteEndpointPath, base);
    url.searchParams.set('serverId', serverId);
    let answer: { status: number; body: unknown };
    try {
      answer = await this.key.getJson(url);
    } catch {
      throw new ServiceUnavailableError('The servers subgraph does not answer: where the server answers is not known. Try again in a moment.');
    }
    if (answer.status === 404) return null;
    const parsed = remoteEndpointSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success) {
      throw new ServiceUnavailableError(`The servers subgraph answered ${answer.status} when asked where the server answers.`);
    }
    return parsed.data;
  }
}
