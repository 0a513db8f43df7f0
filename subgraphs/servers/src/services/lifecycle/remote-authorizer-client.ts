import type { z } from 'zod';
import { InternalRequestKey, type Logger, type PeerDirectory, type SecretBox } from '@mcp-portal/kit';
import {
  remoteAccessTokenAnswerSchema,
  remoteAuthorizerPaths,
  remoteConnectionAnswerSchema,
  remoteUnauthorizedAnswerSchema,
  type OAuthPrincipal,
  type OAuthTarget,
  type RemoteAuthorizer,
  type RemoteTokenRequest,
} from '../../remote-authorization.ts';

export interface RemoteAuthorizerClientOptions {
  /**
   * Called once, `retryMs` after the dcr subgraph did not answer (or answered with an error): the lifecycle then
   * asks again for the team servers that wait (they stay waiting for authorization meanwhile).
   */
  onRetry?: () => void;
  retryMs?: number;
}

const defaultRetryMs = 10_000;

/** A request that reached no answer the lifecycle can use: why, in words for the server's log. */
class DcrUnavailable extends Error {}

/**
 * The dcr subgraph's OAuth client for the team connections of remote servers, asked over signed requests
 * (remoteAuthorizerPaths): what the servers subgraph's lifecycle uses when it runs as its own process, beside a
 * dcr subgraph (SUBGRAPH_DCR_URL). When the dcr subgraph is missing or does not answer, a team server waits for
 * authorization with a message saying so (never a crash), and the lifecycle asks again `retryMs` later.
 * Tokens are never logged.
 */
export class RemoteAuthorizerClient implements RemoteAuthorizer {
  private readonly key: InternalRequestKey;
  private readonly retryMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Whether the last request got no usable answer (logged once). */
  private down = false;

  constructor(
    secrets: SecretBox,
    private readonly peers: PeerDirectory,
    private readonly logger: Logger,
    private readonly options: RemoteAuthorizerClientOptions = {},
  ) {
    this.key = InternalRequestKey.from(secrets);
    this.retryMs = options.retryMs ?? defaultRetryMs;
  }

  async accessToken(target: OAuthTarget): Promise<{ token: string } | { needsAuthorization: true; message: string }> {
    const request = teamRequest(target);
    if (!request) return { needsAuthorization: true, message: userRefused };
    try {
      return await this.send(this.urlOf(remoteAuthorizerPaths.accessToken), request, 'the team token', remoteAccessTokenAnswerSchema);
    } catch (error) {
      return { needsAuthorization: true, message: this.unavailable(error) };
    }
  }

  async handleUnauthorized(
    target: OAuthTarget,
    response: Response,
    rejectedToken?: string,
  ): Promise<{ retry: true; token: string } | { retry: false; message: string }> {
    const request = teamRequest(target);
    if (!request) return { retry: false, message: userRefused };
    const body = {
      ...request,
      status: response.status,
      wwwAuthenticate: response.headers.get('www-authenticate'),
      ...(rejectedToken ? { rejectedToken } : {}),
    };
    try {
      return await this.send(this.urlOf(remoteAuthorizerPaths.unauthorized), body, 'what to do about the refused team token', remoteUnauthorizedAnswerSchema);
    } catch (error) {
      return { retry: false, message: this.unavailable(error) };
    }
  }

  /** The team connection's status; throws when the dcr subgraph cannot say (the supervisor then keeps a waiting server waiting). */
  async connection(serverId: string, principal: OAuthPrincipal): Promise<{ status: string } | null> {
    if (principal.kind !== 'team') throw new Error(userRefused);
    try {
      const url = this.urlOf(remoteAuthorizerPaths.connection);
      url.searchParams.set('serverId', serverId);
      return (await this.send(url, null, 'the team connection', remoteConnectionAnswerSchema)).connection;
    } catch (error) {
      throw new Error(this.unavailable(error));
    }
  }

  /** Stops asking again (the subgraph stops). */
  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private urlOf(path: string): URL {
    const base = this.peers.urlOf('dcr');
    if (!base) {
      throw new DcrUnavailable(
        this.peers.expects('dcr')
          ? 'The dcr subgraph has not started yet: the team token is not known.'
          : 'This deployment has no dcr subgraph (SUBGRAPH_DCR_URL): the team token is not known.',
      );
    }
    return new URL(path, base);
  }

  /** A signed POST of `body` (GET when null); its answer's body, as `answer` reads it, when it is 200. */
  private async send<T>(url: URL, body: unknown, what: string, answer: z.ZodType<T>): Promise<T> {
    let reply: { status: number; body: unknown };
    try {
      reply = body === null ? await this.key.getJson(url) : await this.key.postJson(url, body);
    } catch {
      throw new DcrUnavailable(notAnswering(what));
    }
    if (reply.status !== 200) throw new DcrUnavailable(`The dcr subgraph answered ${reply.status} when asked for ${what}.`);
    if (this.down) this.logger.info('the dcr subgraph answers again for team OAuth connections');
    this.down = false;
    const parsed = answer.safeParse(reply.body);
    if (!parsed.success) throw new DcrUnavailable(`The dcr subgraph answered something unexpected when asked for ${what}.`);
    return parsed.data;
  }

  /** The message for a request that got no usable answer (logged once until one gets it); the lifecycle asks again later. */
  private unavailable(error: unknown): string {
    const message = error instanceof DcrUnavailable ? error.message : notAnswering('the team token');
    if (!this.down) this.logger.warn({ reason: message }, 'the dcr subgraph gives no team OAuth token; team servers wait and ask again later');
    this.down = true;
    this.scheduleRetry();
    return `${message} Try again in a moment.`;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer || !this.options.onRetry) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) this.options.onRetry?.();
    }, this.retryMs);
    this.retryTimer.unref();
  }
}

const userRefused = "A user's OAuth token is not asked of the dcr subgraph here: only the team's connection is.";

const notAnswering = (what: string) => `The dcr subgraph does not answer: ${what} is not known.`;

function teamRequest(target: OAuthTarget): RemoteTokenRequest | null {
  if (target.principal.kind !== 'team') return null;
  return { serverId: target.serverId, serverUrl: target.serverUrl, principal: { kind: 'team' } };
}
