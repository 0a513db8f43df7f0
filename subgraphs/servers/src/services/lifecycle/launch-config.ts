import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { InternalRequestKey, type Logger, type PeerDirectory, type SecretBox } from '@mcp-portal/kit';
import { launchConfigPath } from '@mcp-portal/schema';

/** Configuration values and opened secrets of one server; secrets go to its environment, never to a log. */
export interface LaunchConfig {
  values: Record<string, unknown>;
  secrets: Record<string, string>;
}

export interface PeerRetry {
  /** How long one start keeps asking a config subgraph that does not answer before it fails. */
  waitMs: number;
  /** The first pause between two tries; it doubles up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const defaultPeerRetry: PeerRetry = { waitMs: 60_000, firstDelayMs: 250, maxDelayMs: 5_000 };

const answerSchema = z.object({ values: z.record(z.string(), z.unknown()), secrets: z.record(z.string(), z.string()).default({}) });

/** The config subgraph is not there (not started yet, restarting, unreachable): worth asking again. */
class ConfigUnavailable extends Error {}

/** Answers that mean "not now" rather than "no". */
const transientStatuses = new Set([502, 503, 504]);

/**
 * A server's configuration values, owned by the config subgraph, read when the server starts (a signed
 * internal request). Without a config subgraph in the deployment (a servers subgraph on its own) there are
 * none; a config subgraph that the deployment has but that does not answer (it starts after this one, or is
 * away for a moment) is asked again, with a backoff, for up to `retry.waitMs`: a wanted server does not fail
 * because a peer started late.
 */
export class LaunchConfigSource {
  private readonly key: InternalRequestKey;
  private warned = false;

  constructor(
    secrets: SecretBox,
    private readonly peers: PeerDirectory | undefined,
    private readonly logger: Logger,
    private readonly retry: PeerRetry = defaultPeerRetry,
  ) {
    this.key = InternalRequestKey.from(secrets);
  }

  /** Whether servers of this deployment get their configuration from a config subgraph. */
  get hasConfigSubgraph(): boolean {
    return this.peers?.expects('config') ?? false;
  }

  /** Whether the config subgraph is known and its /health answers 200 now. */
  async answers(): Promise<boolean> {
    const base = this.peers?.urlOf('config');
    if (!base) return false;
    try {
      const response = await fetch(new URL('/health', base), { signal: AbortSignal.timeout(Math.min(5_000, this.retry.maxDelayMs * 2)) });
      await response.body?.cancel().catch(() => undefined);
      return response.status === 200;
    } catch {
      return false;
    }
  }

  /** `signal`: the start was cancelled (the replica stops leading); asking again ends and the promise rejects. */
  async valuesOf(serverId: string, signal?: AbortSignal): Promise<LaunchConfig> {
    if (!this.hasConfigSubgraph) {
      if (!this.warned) this.logger.warn('no config subgraph known (SUBGRAPH_CONFIG_URL): servers start without configuration values');
      this.warned = true;
      return { values: {}, secrets: {} };
    }
    const deadline = Date.now() + this.retry.waitMs;
    for (let delay = this.retry.firstDelayMs; ; delay = Math.min(delay * 2, this.retry.maxDelayMs)) {
      signal?.throwIfAborted();
      try {
        return await this.readOnce(serverId);
      } catch (error) {
        if (!(error instanceof ConfigUnavailable)) throw error;
        if (Date.now() + delay > deadline) {
          throw new Error(`The configuration could not be read: ${error.message} (asked for ${Math.round(this.retry.waitMs / 1000)} s).`);
        }
        this.logger.info({ serverId, reason: error.message }, 'the config subgraph does not answer yet; asking again');
        await sleep(delay, undefined, signal ? { signal } : undefined);
      }
    }
  }

  private async readOnce(serverId: string): Promise<LaunchConfig> {
    const base = this.peers?.urlOf('config');
    if (!base) throw new ConfigUnavailable('the config subgraph has not started yet');
    const url = new URL(launchConfigPath, base);
    url.searchParams.set('serverId', serverId);
    let answer: { status: number; body: unknown };
    try {
      answer = await this.key.getJson(url);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new ConfigUnavailable(`the config subgraph (${base}) does not answer: ${cause ?? (error as Error).message}`);
    }
    if (transientStatuses.has(answer.status)) throw new ConfigUnavailable(`the config subgraph (${base}) answered ${answer.status}`);
    const parsed = answerSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success) throw new Error(`The config subgraph answered ${answer.status} when asked for the configuration.`);
    return parsed.data;
  }
}
