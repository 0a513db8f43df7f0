import { topics, type ApiTokensRevokedEvent } from '@mcp-portal/schema';
import type { EventBus, Logger } from '@mcp-portal/kit';

/**
 * Tells every router that exchanged JWTs it cached for API tokens must go: after a revocation, or when a
 * user's role or status changes (a token's role is capped by its owner's). A lost notice only means the
 * cached JWT lives out its five minutes.
 */
export class RevocationNotices {
  constructor(
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {}

  async announce(event: ApiTokensRevokedEvent): Promise<void> {
    try {
      await this.events.publish(topics.apiTokensRevoked, event);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not announce an API token revocation');
    }
  }
}
