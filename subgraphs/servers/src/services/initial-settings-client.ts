import {
  InternalRequestKey,
  internalRefusal,
  requireViewer,
  ServiceUnavailableError,
  type AuditActor,
  type EventBus,
  type Logger,
  type PeerDirectory,
  type SecretBox,
} from '@mcp-portal/kit';
import { initialSettingsPath, initialSettingsWithdrawPath, topics, type InitialSettingsRequest, type InternalActor } from '@mcp-portal/schema';

/** The config subgraph may or may not have stored the settings (no answer, or an unexpected one): they are withdrawn. */
export class SettingsOutcomeUnknownError extends ServiceUnavailableError {}

/** The caller as the config subgraph's audit rows name them (its role was checked here). */
export function internalActor(actor: AuditActor): InternalActor {
  const { userId, email, role } = requireViewer(actor.viewer);
  return { viewer: { userId, email, role }, requestId: actor.requestId, sourceIp: actor.sourceIp };
}

/**
 * The settings (configuration values, secrets) a server is enabled with, stored by the config subgraph, which
 * owns them, through its signed internal endpoints: `store` checks and writes them in one transaction of its
 * own (or refuses, writing nothing); `withdraw` removes them when the enabling fails afterwards.
 */
export class InitialSettingsClient {
  private readonly key: InternalRequestKey;

  constructor(
    secrets: SecretBox,
    private readonly peers: PeerDirectory | undefined,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {
    this.key = InternalRequestKey.from(secrets);
  }

  /** Refuses as the config subgraph refuses (BAD_USER_INPUT with the problems); SettingsOutcomeUnknownError when it cannot tell. */
  async store(request: InitialSettingsRequest): Promise<void> {
    const base = this.configUrl();
    let answer: { status: number; body: unknown };
    try {
      answer = await this.key.postJson(new URL(initialSettingsPath, base), request);
    } catch {
      throw new SettingsOutcomeUnknownError('The config subgraph did not answer: the server was not enabled. Try again in a moment.');
    }
    if (answer.status === 200) return;
    const refusal = internalRefusal(answer);
    if (refusal) throw refusal;
    throw new SettingsOutcomeUnknownError(`The config subgraph answered ${answer.status} when asked to store the settings: the server was not enabled.`);
  }

  /**
   * Removes what `store` may have written for the server id. Should the config subgraph not answer, the id is
   * announced as disabled instead (every config replica forgets its settings on that announcement).
   */
  async withdraw(serverId: string, actor: AuditActor): Promise<void> {
    try {
      const answer = await this.key.postJson(new URL(initialSettingsWithdrawPath, this.configUrl()), { serverId, actor: internalActor(actor) });
      if (answer.status === 200) return;
      this.logger.warn(
        { serverId, status: answer.status },
        'the config subgraph refused to withdraw the settings of a server that was not enabled; announcing it as disabled',
      );
    } catch (error) {
      this.logger.warn({ err: error, serverId }, 'could not withdraw the settings of a server that was not enabled; announcing it as disabled');
    }
    await this.events.publish(topics.serverDisabled, { serverId }).catch((error: unknown) => {
      this.logger.error({ err: error, serverId }, 'could not announce a server that was not enabled: its settings stay stored under an id no server has');
    });
  }

  private configUrl(): string {
    if (!this.peers?.expects('config')) {
      throw new ServiceUnavailableError(
        'This deployment has no config subgraph (SUBGRAPH_CONFIG_URL): a server cannot be enabled with configuration or secrets.',
      );
    }
    const base = this.peers.urlOf('config');
    if (!base) throw new ServiceUnavailableError('The config subgraph has not started yet: the server was not enabled. Try again in a moment.');
    return base;
  }
}
