import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import type { Topic, TopicPayloads } from '@mcp-portal/schema';

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
}

function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
}

export function createEventBus(options: EventBusOptions): EventBus {
  const prefix = options.channelPrefix ?? 'mcp-portal:';
  const channel = (topic: Topic) => `${prefix}${topic}`;
  const publisher = options.redisUrl ? redisClient(options.redisUrl) : null;
  const redis = options.redisUrl ? new RedisPubSub({ publisher: publisher as Redis, subscriber: redisClient(options.redisUrl) }) : null;
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
