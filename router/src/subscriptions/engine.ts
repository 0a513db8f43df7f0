import type { FormattedExecutionResult } from 'graphql';
import type { SubscriptionFeed, Topic } from '@mcp-portal/schema';
import { settlesBefore, type EventBus, type Logger, type Viewer } from '@mcp-portal/kit';
import { entityIdVariable, type EntityQuery } from './rewrite.ts';

export type ExecuteEntityQuery = (query: string, variables: Record<string, unknown>, authorization: string) => Promise<FormattedExecutionResult>;

export interface SubscribeRequest {
  feed: SubscriptionFeed;
  entityQuery: EntityQuery;
  /** Coerced variables of the subscriber's operation, reused by the entity query. */
  variables: Record<string, unknown>;
  /** The value of the feed's filter argument (e.g. the server id), or null for every entity. */
  filterValue: unknown;
  viewer: Viewer;
  authorization: string;
  expiresAt: number;
}

/** Where a member's results go: already-serialised JSON of an execution result. */
export interface Subscriber {
  next(resultJson: string): void;
  /** A last result (an error), after which the subscription is over. */
  end(resultJson: string): void;
  /** Fresh credentials once the current ones expire (API-token connections re-exchange); null when none. */
  renew?(): Promise<{ authorization: string; expiresAt: number } | null>;
}

interface Member {
  subscriber: Subscriber;
  authorization: string;
  expiresAt: number;
}

/**
 * Subscribers that see exactly the same payload: same query, variables, topic and role (and, for a feed of
 * private entities, the same user unless they are admins).
 */
interface Group {
  key: string;
  request: Omit<SubscribeRequest, 'authorization' | 'expiresAt' | 'viewer'>;
  /** The user whose entities (and the team's) this group receives, for a feed with an ownerEventKey; null: all. */
  owner: string | null;
  members: Set<Member>;
  /** Events are delivered in order per group. */
  chain: Promise<void>;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sessionExpiredJson = JSON.stringify({
  errors: [{ message: 'Your session has expired: sign in again.', extensions: { code: 'UNAUTHENTICATED' } }],
} satisfies FormattedExecutionResult);

/**
 * The router's live engine: one event-bus subscription per topic per process, subscribers grouped so
 * that each event is resolved through the gateway and serialised once per group, then written to every member.
 */
export class SubscriptionEngine {
  private readonly groups = new Map<string, Group>();
  private readonly groupsByTopic = new Map<Topic, Set<Group>>();
  private readonly topicSubscriptions = new Map<Topic, Promise<() => Promise<void>>>();
  /** Deliveries queued or running, and replays being read: what a shutdown waits for. */
  private readonly pending = new Set<Promise<unknown>>();
  private intake = true;

  constructor(
    private readonly events: EventBus,
    private readonly execute: ExecuteEntityQuery,
    private readonly logger: Logger,
  ) {}

  get stats() {
    let subscribers = 0;
    for (const group of this.groups.values()) subscribers += group.members.size;
    return { groups: this.groups.size, subscribers, topics: this.topicSubscriptions.size };
  }

  /** Runs one query through the gateway with a subscriber's credentials (a replay before live events). */
  run(query: string, variables: Record<string, unknown>, authorization: string): Promise<FormattedExecutionResult> {
    return this.track(this.execute(query, variables, authorization));
  }

  /** Deliveries and replays in flight right now. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Stops taking events (a shutdown): what is queued or running still goes out. */
  async stopIntake(): Promise<void> {
    this.intake = false;
    const unsubscribes = await Promise.all(this.topicSubscriptions.values());
    this.topicSubscriptions.clear();
    await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
  }

  /** Resolves once nothing is queued or running (true), or at `deadline` (epoch ms, false). */
  async idle(deadline: number): Promise<boolean> {
    while (this.pending.size > 0) {
      if (!(await settlesBefore(Promise.allSettled([...this.pending]), deadline))) return false;
    }
    return true;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Adds a subscriber; the returned function removes it. */
  async subscribe(request: SubscribeRequest, subscriber: Subscriber): Promise<() => void> {
    await this.ensureTopic(request.feed.topic);
    const owner = request.feed.ownerEventKey !== undefined && request.viewer.role !== 'admin' ? request.viewer.userId : null;
    const key = [
      request.feed.topic,
      request.entityQuery.query,
      stableJson(request.variables),
      stableJson(request.filterValue),
      request.viewer.role,
      owner ?? '',
    ].join('\u0000');
    let group = this.groups.get(key);
    if (!group) {
      group = {
        key,
        request: { feed: request.feed, entityQuery: request.entityQuery, variables: request.variables, filterValue: request.filterValue ?? null },
        owner,
        members: new Set(),
        chain: Promise.resolve(),
      };
      this.groups.set(key, group);
      const topicGroups = this.groupsByTopic.get(request.feed.topic) ?? new Set();
      topicGroups.add(group);
      this.groupsByTopic.set(request.feed.topic, topicGroups);
    }
    const joined = group;
    const member: Member = { subscriber, authorization: request.authorization, expiresAt: request.expiresAt };
    joined.members.add(member);
    return () => this.leave(joined, member);
  }

  async close(): Promise<void> {
    this.groups.clear();
    this.groupsByTopic.clear();
    await this.stopIntake();
  }

  private ensureTopic(topic: Topic): Promise<unknown> {
    if (!this.intake) return Promise.resolve();
    let subscription = this.topicSubscriptions.get(topic);
    if (!subscription) {
      subscription = this.events.subscribe(topic, (event) => this.onEvent(topic, event as unknown as Record<string, unknown>));
      this.topicSubscriptions.set(topic, subscription);
    }
    return subscription;
  }

  private leave(group: Group, member: Member): void {
    group.members.delete(member);
    if (group.members.size > 0) return;
    this.groups.delete(group.key);
    this.groupsByTopic.get(group.request.feed.topic)?.delete(group);
  }

  private onEvent(topic: Topic, event: Record<string, unknown>): void {
    if (!this.intake) return;
    for (const group of this.groupsByTopic.get(topic) ?? []) {
      const { feed, filterValue } = group.request;
      if (filterValue !== null && filterValue !== event[feed.filterEventKey ?? feed.eventKey]) continue;
      const eventOwner = feed.ownerEventKey === undefined ? null : event[feed.ownerEventKey];
      if (group.owner !== null && typeof eventOwner === 'string' && eventOwner !== group.owner) continue;
      const listed = feed.eventListKey === undefined ? undefined : event[feed.eventListKey];
      const entityIds: unknown[] = Array.isArray(listed) ? listed : [event[feed.eventKey]];
      group.chain = this.track(
        group.chain
          .then(async () => {
            for (const entityId of entityIds) await this.deliver(group, entityId);
          })
          .catch((error: unknown) => {
            this.logger.error({ err: error, topic }, 'subscription delivery failed');
          }),
      );
    }
  }

  private async deliver(group: Group, entityId: unknown): Promise<void> {
    const now = Date.now();
    let authorization: string | null = null;
    for (const member of [...group.members]) {
      if (member.expiresAt <= now) {
        const renewed = await member.subscriber.renew?.().catch(() => null);
        if (renewed && renewed.expiresAt > now) {
          member.authorization = renewed.authorization;
          member.expiresAt = renewed.expiresAt;
        } else {
          this.leave(group, member);
          member.subscriber.end(sessionExpiredJson);
          continue;
        }
      }
      authorization ??= member.authorization;
    }
    if (!authorization) return;
    const { entityQuery, variables } = group.request;
    const result = await this.execute(entityQuery.query, { ...variables, [entityIdVariable]: entityId }, authorization);
    const entity = result.data?.[entityQuery.responseKey];
    if (entity === null && !result.errors) return; // the entity is gone (e.g. disabled): nothing to show
    const resultJson = JSON.stringify(result);
    // The subgraphs refused this group's role: its subscriptions end with that refusal.
    const refused = result.errors?.some((e) => e.extensions?.code === 'FORBIDDEN' || e.extensions?.code === 'UNAUTHENTICATED');
    for (const member of [...group.members]) {
      if (refused) {
        this.leave(group, member);
        member.subscriber.end(resultJson);
      } else {
        member.subscriber.next(resultJson);
      }
    }
  }
}
