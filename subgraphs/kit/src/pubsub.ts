import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import type { Topic, TopicPayloads } from '@mcp-portal/schema';
import { ConfigError } from './config.ts';
import type { Logger } from './logger.ts';
import { describeConnectionError, watchConnections } from './lost-connections.ts';

type Payload<T extends Topic> = T extends keyof TopicPayloads ? TopicPayloads[T] : never;

/**
 * Typed topics over Redis (every process of every replica sees every event) or, without `REDIS_URL`,
 * an in-memory bus with the same interface for the embedded single process.
 */
export interface EventBus {
  readonly kind: 'redis' | 'memory';
  publish<T extends Topic>(topic: T, payload: Payload<T>): Promise<void>;
  subscribe<T extends Topic>(topic: T, onEvent: (payload: Payload<T>) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface EventBusOptions {
  redisUrl?: string;
  /** Prepended to every channel name: isolates deployments (and test suites) sharing one Redis. */
  channelPrefix?: string;
  /** Where lost connections are reported (once per outage). */
  logger?: Logger;
}

/**
 * An ioredis client whose 'error' events are reported, never left unhandled (ioredis would print each with a
 * stack trace). It reconnects by itself; a subscriber subscribes to its channels again once it is back.
 */
export function watchedRedis(url: string, what: string, logger: Logger | undefined): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
  const connections = watchConnections(logger, what);
  client.on('error', (error: unknown) => connections.lost(error));
  client.on('ready', () => connections.restored());
  return client;
}

/** `user:password@` of a URL hidden, for messages. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
    }
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * Fails at once, naming REDIS_URL, when Redis does not answer: a process started against an unreachable Redis
 * stops before it writes anything, instead of starting and losing every event.
 */
export async function assertRedisReachable(url: string, timeoutMs = 5_000): Promise<void> {
  let lastError: unknown;
  let timer: NodeJS.Timeout | undefined;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: timeoutMs });
  probe.on('error', (error: unknown) => (lastError = error));
  const answered = (async () => {
    await probe.connect();
    await probe.ping();
  })();
  answered.catch(() => undefined);
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([answered, deadline]);
  } catch (error) {
    const { reason } = describeConnectionError(lastError ?? error);
    throw new ConfigError(`REDIS_URL: Redis does not answer at ${withoutCredentials(url)} (${reason}). Start Redis or correct REDIS_URL.`);
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
}

export function createEventBus(options: EventBusOptions): EventBus {
  const prefix = options.channelPrefix ?? 'mcp-portal:';
  const channel = (topic: Topic) => `${prefix}${topic}`;
  const publisher = options.redisUrl ? watchedRedis(options.redisUrl, 'Redis publisher', options.logger) : null;
  const subscriber = options.redisUrl ? watchedRedis(options.redisUrl, 'Redis subscriber', options.logger) : null;
  const redis = publisher && subscriber ? new RedisPubSub({ publisher, subscriber }) : null;
  const engine: PubSubEngine = redis ?? new PubSub();
  return {
    kind: options.redisUrl ? 'redis' : 'memory',
    async publish(topic, payload) {
      await engine.publish(channel(topic), payload);
    },
    async subscribe(topic, onEvent) {
      const id = await engine.subscribe(channel(topic), onEvent, {});
      return async () => engine.unsubscribe(id);
    },
    async ping() {
      if (publisher) await publisher.ping();
    },
    async close() {
      if (redis) await redis.close();
    },
  };
}
