import { z } from 'zod';
import { askPeer, InternalRequestKey, roles, type PeerDirectory, type SecretBox } from '@mcp-portal/kit';
import { executorTokenPath, type ExecutorTokenRequest, type Role } from '@mcp-portal/schema';

export interface ExecutorToken {
  token: string;
  expiresAt: Date;
  role: Role;
}

/** Signs the token a run's CLI acts with: the invoking user's, never a service's (the auth subgraph owns users and keys). */
export interface ExecutorTokenMinter {
  /** null when the user no longer exists or is disabled; throws (PeerUnavailableError) when auth does not answer. */
  mint(request: ExecutorTokenRequest): Promise<ExecutorToken | null>;
}

const answerSchema = z.object({ token: z.string().min(1), expiresAt: z.string().datetime(), role: z.enum(roles) });

/** Asks the auth subgraph, found through the deployment's peers, with a signed internal request. */
export class PeerExecutorTokenMinter implements ExecutorTokenMinter {
  private readonly key: InternalRequestKey;

  constructor(
    secrets: SecretBox,
    private readonly peers: PeerDirectory | undefined,
  ) {
    this.key = InternalRequestKey.from(secrets);
  }

  async mint(request: ExecutorTokenRequest): Promise<ExecutorToken | null> {
    const answer = await askPeer(this.key, this.peers, 'auth', executorTokenPath, request, answerSchema);
    return answer && { ...answer, expiresAt: new Date(answer.expiresAt) };
  }
}
