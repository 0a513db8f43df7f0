import { z } from 'zod';
import { InternalRequestKey, internalRefusal, NotFoundError, roles, type PeerDirectory, type SecretBox } from '@mcp-portal/kit';
import { executorTokenPath, type ExecutorTokenRequest, type Role } from '@mcp-portal/schema';

export interface ExecutorToken {
  token: string;
  expiresAt: Date;
  role: Role;
}

/** Signs the token a run's CLI acts with: the invoking user's, never a service's (the auth subgraph owns users and keys). */
export interface ExecutorTokenMinter {
  /** null when the user no longer exists or is disabled; throws when auth does not answer. */
  mint(request: ExecutorTokenRequest): Promise<ExecutorToken | null>;
}

const answerSchema = z.object({ token: z.string().min(1), expiresAt: z.string().datetime(), role: z.enum(roles) });

export class ExecutorTokenUnavailableError extends Error {
  override name = 'ExecutorTokenUnavailableError';
}

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
    const base = this.peers?.urlOf('auth');
    if (!base) throw new ExecutorTokenUnavailableError('the auth subgraph is not known to this executor');
    const reply = await this.key.postJson(new URL(executorTokenPath, base), request).catch((error: unknown) => {
      throw new ExecutorTokenUnavailableError(`the auth subgraph did not answer (${error instanceof Error ? error.message : String(error)})`);
    });
    if (internalRefusal(reply) instanceof NotFoundError) return null;
    const answer = reply.status === 200 ? answerSchema.safeParse(reply.body) : null;
    if (!answer?.success) throw new ExecutorTokenUnavailableError(`the auth subgraph answered ${reply.status}`);
    return { token: answer.data.token, expiresAt: new Date(answer.data.expiresAt), role: answer.data.role };
  }
}
