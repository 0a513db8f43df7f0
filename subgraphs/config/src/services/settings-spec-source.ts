import { z } from 'zod';
import { InternalRequestKey, ServiceUnavailableError, type PeerDirectory, type SecretBox } from '@mcp-portal/kit';
import { serverSettingsSpecPath, type ServerSettingsSpec } from '@mcp-portal/schema';

/** A ServerSettingsSpec as the servers subgraph sends it. */
export const settingsSpecSchema = z.object({
  entry: z.string(),
  configSchema: z.array(z.record(z.string(), z.unknown())).nullable(),
  secrets: z.array(z.string()),
  templateKeys: z.array(z.string()),
});

/**
 * What a server's catalog entry asks of its settings, read from the servers subgraph (it owns the entries)
 * with a signed internal request each time it is needed (an entry may change at any time). Null when the
 * deployment has no servers subgraph (a config subgraph on its own checks nothing against entries) or when
 * there is no such server; a servers subgraph the deployment has that does not answer is SERVICE_UNAVAILABLE,
 * so that nothing is stored unchecked.
 */
export class SettingsSpecSource {
  private readonly key: InternalRequestKey;

  constructor(
    secrets: SecretBox,
    private readonly peers: PeerDirectory | undefined,
  ) {
    this.key = InternalRequestKey.from(secrets);
  }

  async of(serverId: string): Promise<ServerSettingsSpec | null> {
    if (!this.peers?.expects('servers')) return null;
    const base = this.peers.urlOf('servers');
    if (!base)
      throw new ServiceUnavailableError(
        'The servers subgraph has not started yet: the configuration cannot be checked against its catalog entry. Try again in a moment.',
      );
    const url = new URL(serverSettingsSpecPath, base);
    url.searchParams.set('serverId', serverId);
    let answer: { status: number; body: unknown };
    try {
      answer = await this.key.getJson(url);
    } catch {
      throw new ServiceUnavailableError(
        'The servers subgraph does not answer: the configuration cannot be checked against its catalog entry. Try again in a moment.',
      );
    }
    if (answer.status === 404) return null;
    const parsed = settingsSpecSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success) {
      throw new ServiceUnavailableError(`The servers subgraph answered ${answer.status} when asked for the catalog entry of the server.`);
    }
    return parsed.data;
  }
}
