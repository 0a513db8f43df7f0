import { PortalError } from './errors.ts';
import type { TypedDocumentString } from './operations.ts';
import { graphqlEndpoint } from './settings.ts';

export interface GraphQLError {
  message: string;
  extensions?: { code?: string; [data: string]: unknown };
}

interface GraphQLResponseBody<T> {
  data?: T | null;
  errors?: GraphQLError[];
}

export interface ClientOptions {
  /** Base URL of the router. */
  url: string;
  token?: string | undefined;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Cancels the request (Ctrl-C); the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Posts one operation to the router's /graphql and returns `data` (typed by the document), or throws a one-line PortalError. */
export async function graphqlRequest<T, V>(options: ClientOptions, document: TypedDocumentString<T, V>, variables?: V): Promise<T> {
  const query = document.toString();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(graphqlEndpoint(options.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ query, variables: variables ?? {} }),
      signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw unreachableError(options.url, error, timeoutMs);
  }
  let body: GraphQLResponseBody<T> | undefined;
  try {
    body = (await response.json()) as GraphQLResponseBody<T>;
  } catch {
    if (options.signal?.aborted) throw options.signal.reason;
    body = undefined;
  }
  if (!body || typeof body !== 'object' || (!('data' in body) && !('errors' in body))) {
    throw new PortalError(`The router at ${options.url} answered HTTP ${response.status} without a GraphQL response: is this an MCP Portal router?`);
  }
  if (body.errors?.length) {
    const extensions = body.errors.find((error) => error.extensions?.code)?.extensions;
    const message = [...new Set(body.errors.map((error) => error.message))].join('; ');
    throw new PortalError(message, { code: extensions?.code, ...(extensions ? { extensions } : {}) });
  }
  if (body.data === undefined || body.data === null) {
    throw new PortalError(`The router at ${options.url} returned no data (HTTP ${response.status}).`);
  }
  return body.data;
}

/** The one-line error for a request to the router that got no answer (refused, timed out, DNS…). */
export function unreachableError(url: string, error: unknown, timeoutMs: number): PortalError {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new PortalError(`The router at ${url} did not answer within ${Math.round(timeoutMs / 1000)} s.`, { cause: error });
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error | undefined)?.message ?? String(error);
  return new PortalError(`The router at ${url} is not reachable (${detail}): is the MCP Portal running? Set it with --url or DOCKER_MCP_URL.`, {
    cause: error,
  });
}

/** For commands that need a login: adds the hint to an UNAUTHENTICATED answer from the router. */
export function withLoginHint(error: unknown): unknown {
  if (error instanceof PortalError && error.code === 'UNAUTHENTICATED' && !error.message.includes('docker mcp login')) {
    const message = error.message.trim().replace(/([^.!?])$/, '$1.');
    return new PortalError(`${message} Run \`docker mcp login\` to log in.`, { code: error.code, cause: error });
  }
  return error;
}
