import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Logger } from '@mcp-portal/kit';
import type { ElicitationCompletion } from './upstreams.ts';

/** How long a URL elicitation may take to complete out of band (a person signs in, pays, consents…). */
const completionWindowMs = 60 * 60_000;
/** Elicitations awaiting completion at once; past it the oldest is forgotten (its completion then goes nowhere). */
const maxAwaiting = 10_000;

interface Awaiting {
  session: Server;
  until: number;
}

/**
 * Which client session was sent each URL-mode elicitation (by server and elicitationId), so that the
 * server's notifications/elicitation/complete reaches that session only, once, within an hour.
 */
export class UrlElicitations {
  private readonly awaiting = new Map<string, Awaiting>();

  constructor(private readonly logger: Logger) {}

  /** The elicitation is being sent to `session`; returns the function that forgets it (the client declined it). */
  sentTo(serverId: string, elicitationId: string, session: Server): () => void {
    const key = keyOf(serverId, elicitationId);
    this.awaiting.delete(key);
    this.awaiting.set(key, { session, until: Date.now() + completionWindowMs });
    if (this.awaiting.size > maxAwaiting) this.awaiting.delete(this.awaiting.keys().next().value!);
    return () => void this.awaiting.delete(key);
  }

  /** A server completed an elicitation: its session is told, if it is still open and the window not over. */
  completed({ serverId, elicitationId }: ElicitationCompletion): void {
    const key = keyOf(serverId, elicitationId);
    const awaiting = this.awaiting.get(key);
    if (!awaiting) return;
    this.awaiting.delete(key);
    if (awaiting.until < Date.now()) return;
    awaiting.session
      .createElicitationCompletionNotifier(elicitationId)()
      .catch((error: unknown) => this.logger.debug({ err: error, serverId }, 'could not pass notifications/elicitation/complete on to the client'));
  }
}

const keyOf = (serverId: string, elicitationId: string) => `${serverId}\u0000${elicitationId}`;
