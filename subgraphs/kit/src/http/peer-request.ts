import type { z } from 'zod';
import type { Domain } from '@mcp-portal/schema';
import { NotFoundError } from '../errors.ts';
import type { PeerDirectory } from '../peers.ts';
import type { InternalRequestKey } from './internal-requests.ts';
import { internalRefusal } from './internal-route.ts';

/** A peer could not answer: unknown to this deployment, out of reach, or with an answer that is not the expected one. */
export class PeerUnavailableError extends Error {
  override name = 'PeerUnavailableError';
}

/**
 * POSTs a signed request to a peer's internal route and reads its answer with `answer`: null when the peer refused with
 * NOT_FOUND (the thing asked about is gone), PeerUnavailableError for anything else that is not a 200 it can read.
 */
export async function askPeer<T>(
  key: InternalRequestKey,
  peers: PeerDirectory | undefined,
  peer: Domain,
  path: string,
  body: unknown,
  answer: z.ZodType<T>,
): Promise<T | null> {
  const base = peers?.urlOf(peer);
  if (!base) throw new PeerUnavailableError(`the ${peer} subgraph is not known here`);
  const reply = await key.postJson(new URL(path, base), body).catch((error: unknown) => {
    throw new PeerUnavailableError(`the ${peer} subgraph did not answer (${error instanceof Error ? error.message : String(error)})`);
  });
  if (internalRefusal(reply) instanceof NotFoundError) return null;
  const parsed = reply.status === 200 ? answer.safeParse(reply.body) : null;
  if (!parsed?.success) throw new PeerUnavailableError(`the ${peer} subgraph answered ${reply.status}`);
  return parsed.data;
}
