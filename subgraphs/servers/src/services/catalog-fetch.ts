import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import {
  AddressRefusedError,
  bareHost,
  checkedAddresses,
  InvalidInputError,
  systemResolver,
  type AllowedHosts,
  type HostResolver,
  type ResolvedAddress,
} from '@mcp-portal/kit';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  /** MCP_CATALOG_IMPORT_ALLOW_HOSTS: the internal hosts an import may reach. */
  allowHosts: AllowedHosts;
  /** How host names are resolved (the system's resolver unless a test passes its own). */
  resolve?: HostResolver;
}

/** Redirects followed, each one checked like the first URL. */
const maxRedirects = 5;

/** A URL as messages and the audit log show it: without user, password or query (they may hold credentials). */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
}

/** Only http and https: no file:, data: or other scheme reaches fetch. */
export function importUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError(`"${text.slice(0, 200)}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError(`Only http and https URLs can be imported, not ${url.protocol.replace(/:$/, '')}.`);
  }
  if (url.username || url.password) throw new InvalidInputError('A catalog URL may not carry a user name or password.');
  return url;
}

/**
 * Any failure to fetch a catalog, with one message whatever happened: a refused address, a closed port, an
 * open one that answered 404, a timeout and an oversized answer all read alike, so the import cannot be used
 * to map what the servers subgraph can reach. `reason` says what happened, for the log only.
 */
export class CatalogFetchError extends InvalidInputError {
  constructor(
    url: URL,
    limits: FetchLimits,
    readonly reason: string,
  ) {
    super(
      `${displayUrl(url)} could not be imported: no catalog came back from it within ${Math.round(limits.timeoutMs / 100) / 10} s and ` +
        `${limits.maxBytes} bytes, or its address is not one an import may reach (loopback, private and link-local addresses need ` +
        'MCP_CATALOG_IMPORT_ALLOW_HOSTS). The servers subgraph logs the reason.',
    );
  }
}

/** What went wrong inside the fetch, before it becomes the one CatalogFetchError. */
class FetchFailure extends Error {}

const isAbort = (error: unknown) => error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');

/**
 * Fetches a catalog's text. Each hop (the URL, then every redirect) is resolved and checked by the address
 * guard, and the connection goes to a checked address (the name is only the Host header and the TLS server
 * name). One deadline covers the whole transfer, redirects and lookups included; the size cap is counted as
 * the body streams (a missing or lying content-length does not get past it), after decompression.
 */
export async function fetchCatalogText(url: URL, limits: FetchLimits): Promise<string> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    return await fetchFollowing(url, limits, signal);
  } catch (error) {
    let reason: string;
    if (error instanceof AddressRefusedError || error instanceof FetchFailure) reason = error.message;
    else if (signal.aborted || isAbort(error)) reason = `no complete answer within ${limits.timeoutMs} ms`;
    else reason = (error as { code?: string }).code ?? (error as Error).message;
    throw new CatalogFetchError(url, limits, reason);
  }
}

async function fetchFollowing(first: URL, limits: FetchLimits, signal: AbortSignal): Promise<string> {
  let url = first;
  for (let hop = 0; ; hop += 1) {
    let addresses: ResolvedAddress[];
    try {
      addresses = await abortable(checkedAddresses(url, { allowHosts: limits.allowHosts, resolve: limits.resolve ?? systemResolver }), signal);
    } catch (error) {
      if (hop > 0 && error instanceof AddressRefusedError) throw new FetchFailure(`a redirect led to ${displayUrl(url)}: ${error.message}`);
      throw error;
    }
    const response = await requestAny(url, addresses, signal);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location !== undefined) {
      response.destroy();
      if (hop >= maxRedirects) throw new FetchFailure(`more than ${maxRedirects} redirects`);
      let next: URL;
      try {
        next = importUrl(new URL(response.headers.location, url).href);
      } catch (error) {
        throw new FetchFailure(`${displayUrl(url)} redirects to a URL that cannot be imported: ${(error as Error).message}`);
      }
      url = next;
      continue;
    }
    if (status !== 200) {
      response.destroy();
      throw new FetchFailure(`${displayUrl(url)} answered HTTP ${status}`);
    }
    return readBody(response, limits.maxBytes);
  }
}

/** Tries the checked addresses in turn until one accepts the connection. */
async function requestAny(url: URL, addresses: ResolvedAddress[], signal: AbortSignal): Promise<IncomingMessage> {
  let lastError: unknown;
  for (const address of addresses) {
    try {
      return await requestAt(url, address, signal);
    } catch (error) {
      lastError = error;
      const code = (error as { code?: string }).code;
      if (signal.aborted || !['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(code ?? '')) throw error;
    }
  }
  throw lastError;
}

/** One GET to exactly this address; the URL's host goes only into the Host header and the TLS server name. */
function requestAt(url: URL, target: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const host = bareHost(url.hostname);
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      {
        host: target.address,
        family: target.family,
        port: url.port ? Number(url.port) : secure ? 443 : 80,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: {
          host: url.host,
          accept: 'application/yaml, text/yaml, text/plain;q=0.9, */*;q=0.5',
          'accept-encoding': 'gzip, deflate, br',
          'user-agent': 'mcp-portal-catalog-import',
        },
        ...(secure && !isIP(host) ? { servername: host } : {}),
        agent: false,
        signal,
      },
      resolve,
    );
    request.on('error', reject);
    request.end();
  });
}

async function readBody(response: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new FetchFailure(`it declares ${declared} bytes, more than ${maxBytes}`);
  }
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null;
  if (!decoder && encoding !== 'identity') {
    response.destroy();
    throw new FetchFailure(`it is sent with the unknown content-encoding ${encoding.slice(0, 40)}`);
  }
  let body: Readable = response;
  if (decoder) {
    response.on('error', (error) => decoder.destroy(error));
    body = response.pipe(decoder);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of body) {
      received += (chunk as Buffer).byteLength;
      if (received > maxBytes) throw new FetchFailure(`it is larger than ${maxBytes} bytes`);
      chunks.push(chunk as Buffer);
    }
  } finally {
    response.destroy();
    decoder?.destroy();
  }
  if (!response.complete) throw new FetchFailure('the transfer broke off');
  return Buffer.concat(chunks).toString('utf8');
}

/** Rejects as soon as the signal aborts (a DNS lookup itself cannot be cancelled). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
