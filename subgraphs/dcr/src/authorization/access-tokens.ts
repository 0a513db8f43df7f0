import { z } from 'zod';
import { InternalRequestKey, internalRefusal, NotFoundError, type PeerDirectory, type SecretBox } from '@mcp-portal/kit';
import { oauthAccessTokenPath, type OAuthAccessTokenRequest } from '@mcp-portal/schema';
import { OAuthError } from './errors.ts';

export interface MintedAccessToken {
  token: string;
  expiresAt: Date;
}

/** Signs a client's access token for a user (the auth subgraph owns users and signing keys). */
export interface AccessTokenMinter {
  /** null when the user no longer exists or is disabled; OAuthError temporarily_unavailable when auth does not answer. */
  mint(request: OAuthAccessTokenRequest): Promise<MintedAccessToken | null>;
}

const answerSchema = z.object({ token: z.string().min(1), expiresAt: z.string().datetime() });

const unavailable = () => new OAuthError('temporarily_unavailable', 'The platform cannot issue tokens right now: try again in a moment.');

/** Asks the auth subgraph, found through the deployment's peers, with a signed internal request. */
export class PeerAccessTokenMinter implements AccessTokenMinter {
  private readonly key: InternalRequestKey;

  constructor(
    secrets: SecretBox,
    private readonly peers: PeerDirectory | undefined,
  ) {
    this.key = InternalRequestKey.from(secrets);
  }

  async mint(request: OAuthAccessTokenRequest): Promise<MintedAccessToken | null> {
    const base = this.peers?.urlOf('auth');
    if (!base) throw unavailable();
    let reply: { status: number; body: unknown };
    try {
      reply = await this.key.postJson(new URL(oauthAccessTokenPath, base), request);
    } catch {
      throw unavailable();
    }
    if (internalRefusal(reply) instanceof NotFoundError) return null;
    const answer = reply.status === 200 ? answerSchema.safeParse(reply.body) : null;
    if (!answer?.success) throw unavailable();
    return { token: answer.data.token, expiresAt: new Date(answer.data.expiresAt) };
  }
}
