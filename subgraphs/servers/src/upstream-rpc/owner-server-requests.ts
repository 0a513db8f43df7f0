import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { ServerRequestDeclined, type ServerRequest, type ServerRequestResult } from '../services/lifecycle/server-requests.ts';
import { serverRequestResultSchemas, type StreamedServerRequest, type UpstreamAnswerBody, type UpstreamRpcLine } from './contract.ts';

/** A request the owner carries for a caller, as the server requests see it. */
export interface CarriedCall {
  serverId: string;
  /** The caller's id (a gateway-proxy's); calls without one each count as a caller of their own. */
  caller?: string;
  /** The SHA-256 (hex) of the key the caller answers with; without it the caller answers no request. */
  answerKeyDigest?: string;
  /** Aborted when the call ends (answered, failed, or the caller closed it). */
  ended: AbortSignal;
  send(line: UpstreamRpcLine): void;
}

/** A JSON-RPC error for the server, as the SDK's request handlers answer it (`code`, `message`, `data`). */
class ErrorForServer extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

interface Waiting {
  call: CarriedCall;
  method: StreamedServerRequest['method'];
  settle(outcome: { result: ServerRequestResult } | { error: ErrorForServer }): void;
}

/**
 * The servers' own requests (sampling, elicitation, roots) for the callers of the internal endpoint: like
 * the gateway-proxy's in-flight routing, a request goes to the one caller with calls under way on its
 * server (streamed on its oldest such call, which that caller's gateway-proxy then sends to its one client
 * session), never when several callers have calls there (which one caused it cannot be told). With no
 * caller at all it is declined, for another listener (a gateway-proxy in this process). The caller's answer
 * arrives by `answer`, accepted only with the key of the call it was streamed on; the wait ends when the
 * server cancels its request or that call ends, and the caller is told (`cancel`).
 */
export class OwnerServerRequests {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly calls: () => readonly CarriedCall[]) {}

  /** Requests waiting for an answer now. */
  get pending(): number {
    return this.waiting.size;
  }

  readonly listener = async (request: ServerRequest): Promise<ServerRequestResult> => {
    const open = this.calls().filter((call) => call.serverId === request.serverId);
    if (open.length === 0) throw new ServerRequestDeclined();
    const callers = new Set<unknown>(open.map((call) => call.caller ?? call));
    if (callers.size > 1) {
      throw new ErrorForServer(
        ErrorCode.InvalidRequest,
        `${callers.size} callers of the servers subgraph's lifecycle owner (gateway-proxies, or replicas carrying GraphQL calls) have requests under way on this server, and which one caused this ${request.method} cannot be told: it is sent to none.`,
      );
    }
    const call = open.find((candidate) => candidate.answerKeyDigest !== undefined);
    if (!call) {
      // As the gateway-proxy answers a roots/list no client's call caused.
      if (request.method === 'roots/list') return { roots: [] };
      throw new ErrorForServer(
        ErrorCode.InvalidRequest,
        `The request under way on this server came from a caller that cannot answer ${request.method} (a GraphQL call, say).`,
      );
    }
    return this.stream(call, request);
  };

  /** Settles the waiting request the answer names; false when none waits with that id for that key. */
  answer(body: UpstreamAnswerBody): boolean {
    const waiting = this.waiting.get(body.id);
    if (!waiting?.call.answerKeyDigest || !sameDigest(createHash('sha256').update(body.key).digest('hex'), waiting.call.answerKeyDigest)) return false;
    if ('error' in body) {
      waiting.settle({ error: new ErrorForServer(body.error.code, body.error.message, body.error.data) });
      return true;
    }
    const result = serverRequestResultSchemas[waiting.method].safeParse(body.result);
    waiting.settle(
      result.success
        ? { result: result.data }
        : {
            error: new ErrorForServer(
              ErrorCode.InternalError,
              `The client's answer to ${waiting.method} is not valid: ${result.error.issues[0]?.message ?? 'invalid'}.`,
            ),
          },
    );
    return true;
  }

  private stream(call: CarriedCall, request: ServerRequest): Promise<ServerRequestResult> {
    const id = randomUUID();
    const streamed = { method: request.method, params: request.params } as StreamedServerRequest;
    const over = AbortSignal.any([request.signal, call.ended]);
    return new Promise<ServerRequestResult>((resolve, reject) => {
      const onAbort = () => {
        this.waiting.delete(id);
        call.send({ type: 'cancel', id });
        reject(
          request.signal.aborted
            ? new ErrorForServer(ErrorCode.RequestTimeout, 'Cancelled by the server.')
            : new ErrorForServer(ErrorCode.RequestTimeout, "The client's request that caused this one has ended."),
        );
      };
      if (over.aborted) return onAbort();
      over.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(id, {
        call,
        method: streamed.method,
        settle: (outcome) => {
          over.removeEventListener('abort', onAbort);
          this.waiting.delete(id);
          if ('result' in outcome) resolve(outcome.result);
          else reject(outcome.error);
        },
      });
      call.send({ type: 'request', id, request: streamed });
    });
  }
}

function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
