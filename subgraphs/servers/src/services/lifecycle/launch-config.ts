import { z } from 'zod';
import { InternalRequestKey, type Logger, type PeerDirectory, type SecretBox } from '@mcp-portal/kit';
import { launchConfigPath } from '@mcp-portal/schema';

/** Configuration values and opened secrets of one server; secrets go to its environment, never to a log. */
export interface LaunchConfig {
  values: Record<string, unknown>;
  secrets: Record<string, string>;
}

const answerSchema = z.object({ values: z.record(z.string(), z.unknown()), secrets: z.record(z.string(), z.string()).default({}) });

/**
 * A server's configuration values, owned by the config subgraph, read when the server starts (a signed
 * internal request). Without a config subgraph to ask (a servers subgraph on its own) there are none.
 */
export class LaunchConfigSource {
  private readonly key: InternalRequestKey;
  private warned = false;

  constructor(
    secrets: SecretBox,
    private readonly peers: PeerDirectory | undefined,
    private readonly logger: Logger,
  ) {
    this.key = InternalRequestKey.from(secrets);
  }

  async valuesOf(serverId: string): Promise<LaunchConfig> {
    const base = this.peers?.urlOf('config');
    if (!base) {
      if (!this.warned) this.logger.warn('no config subgraph known (SUBGRAPH_CONFIG_URL): servers start without configuration values');
      this.warned = true;
      return { values: {}, secrets: {} };
    }
    const url = new URL(launchConfigPath, base);
    url.searchParams.set('serverId', serverId);
    let answer: { status: number; body: unknown };
    try {
      answer = await this.key.getJson(url);
    } catch (error) {
      throw new Error(`The configuration could not be read from the config subgraph (${base}): ${(error as Error).message}`);
    }
    const parsed = answerSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success) throw new Error(`The config subgraph answered ${answer.status} when asked for the configuration.`);
    return parsed.data;
  }
}
