import { topics } from '@mcp-portal/schema';
import type { EventBus, Logger } from '@mcp-portal/kit';
import type { InProcessUpstreams } from '../gateway-upstreams.ts';
import { subscriptionTtlMs } from './contract.ts';

/**
 * The resource subscriptions callers of the internal endpoint hold on the owner's servers: a server is
 * subscribed once per URI whatever the number of callers (through the in-process directory, which
 * subscribes again when the server restarts), and unsubscribed after the last caller leaves. A caller
 * renews its subscriptions (every third of subscriptionTtlMs); one it stops renewing (a gateway-proxy that
 * went away) expires. A new owner after a hand-over learns them from the renewals. Updates go out on the
 * event bus (serverResourceUpdated), where every gateway-proxy hears them and passes them to its sessions.
 */
export class OwnerSubscriptions {
  /** `serverId \n uri` → caller → when its subscription expires. */
  private readonly held = new Map<string, Map<string, number>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly directory: () => Promise<InProcessUpstreams>,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), subscriptionTtlMs / 3);
    this.sweeper.unref();
  }

  /** The URIs subscribed on a server now (tests and diagnostics). */
  subscribedOn(serverId: string): string[] {
    return [...this.held.keys()].filter((key) => key.startsWith(`${serverId}\n`)).map((key) => key.slice(serverId.length + 1));
  }

  async subscribe(caller: string, serverId: string, uri: string): Promise<void> {
    const key = keyOf(serverId, uri);
    const callers = this.held.get(key) ?? new Map<string, number>();
    const first = callers.size === 0;
    // Held before the server answers: a concurrent last unsubscribe then leaves the server subscribed.
    callers.set(caller, this.now() + subscriptionTtlMs);
    this.held.set(key, callers);
    if (!first) return;
    try {
      await (await this.directory()).subscribeResource(serverId, uri);
    } catch (error) {
      callers.delete(caller);
      if (callers.size === 0) this.held.delete(key);
      throw error;
    }
  }

  async unsubscribe(caller: string, serverId: string, uri: string): Promise<void> {
    const key = keyOf(serverId, uri);
    const callers = this.held.get(key);
    if (!callers?.delete(caller) || callers.size > 0) return;
    await this.release(key);
  }

  /** Passes a server's notifications/resources/updated on to the gateway-proxies, when a caller subscribed. */
  updated(update: { serverId: string; uri: string }): void {
    if (!this.held.has(keyOf(update.serverId, update.uri))) return;
    this.events.publish(topics.serverResourceUpdated, update).catch((error: unknown) => {
      this.logger.warn({ err: error, serverId: update.serverId }, "could not announce a server's updated resource");
    });
  }

  close(): void {
    clearInterval(this.sweeper);
    this.held.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, callers] of [...this.held]) {
      for (const [caller, expires] of [...callers]) if (expires <= now) callers.delete(caller);
      if (callers.size === 0) this.release(key).catch((error: unknown) => this.logger.debug({ err: error }, 'could not unsubscribe from a resource'));
    }
  }

  private async release(key: string): Promise<void> {
    this.held.delete(key);
    const [serverId = '', ...rest] = key.split('\n');
    await (await this.directory()).unsubscribeResource(serverId, rest.join('\n'));
  }
}

function keyOf(serverId: string, uri: string): string {
  return `${serverId}\n${uri}`;
}
