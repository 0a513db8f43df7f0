import { z } from 'zod';
import { askPeer, InternalRequestKey, type PeerDirectory, type SecretBox } from '@mcp-portal/kit';
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
    const answer = await askPeer(this.key, this.peers, 'auth', oauthAccessTokenPath, request, answerSchema).catch(() => {
      throw unavailable();
    });
    return answer && { token: answer.token, expiresAt: new Date(answer.expiresAt) };
  }
}
