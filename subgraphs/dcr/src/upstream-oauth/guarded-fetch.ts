import type { LookupFunction } from 'node:net';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { Agent, fetch as undiciFetch } from 'undici';
import { AddressRefusedError, checkedAddresses, systemResolver, type AllowedHosts, type HostResolver } from '@mcp-portal/kit';

/** How long one request to a remote MCP server or its authorization server may take. */
const requestTimeoutMs = 15_000;

export interface GuardedFetchOptions {
  allowHosts: AllowedHosts;
  resolve?: HostResolver;
  /** The fetch underneath (a test may pass its own, which then connects as it likes); the pinned one by default. */
  fetch?: FetchLike;
}

/** The host of a URL as a URL again (an IPv6 literal in brackets), for the guard. */
const hostUrl = (hostname: string) => new URL(`http://${hostname.includes(':') ? `[${hostname}]` : hostname}/`);

/**
 * A connection pool whose name lookups go through the guard: the addresses a host resolves to are checked, and the
 * socket connects to one of those (no second lookup an attacker's DNS could answer differently).
 */
function pinnedAgent(allowHosts: AllowedHosts, resolve: HostResolver): Agent {
  const lookup: LookupFunction = (hostname, options, callback) => {
    checkedAddresses(hostUrl(hostname), { allowHosts, resolve }).then(
      (addresses) => {
        const usable = addresses.filter(({ family }) => !options.family || options.family === family);
        const [first] = usable;
        if (!first) callback(new AddressRefusedError(`${hostname} has no IPv${options.family} address`), '', 4);
        else if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, '', 4),
    );
  };
  return new Agent({ connect: { lookup } });
}

/**
 * The fetch every outbound request of the OAuth client goes through (the SDK's `fetchFn`): http and https only,
 * no credentials in the URL, the host checked by the shared address guard before any connection (a loopback,
 * private or link-local address needs MCP_OAUTH_ALLOW_HOSTS) and connected to at an address that was checked,
 * redirects not followed by the fetch itself (the SDK follows same-origin ones, each through this fetch again),
 * and a deadline.
 */
export function guardedFetch(options: GuardedFetchOptions): FetchLike {
  const resolve = options.resolve ?? systemResolver;
  let agent: Agent | undefined;
  const base: FetchLike =
    options.fetch ??
    (async (url, init) => {
      agent ??= pinnedAgent(options.allowHosts, resolve);
      // undici's own fetch (for its dispatcher), answered as the global Response the SDK checks with instanceof.
      const response = await undiciFetch(String(url), { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent });
      const bodyless = response.status === 204 || response.status === 304 || init?.method === 'HEAD';
      return new Response(bodyless ? null : (response.body as ReadableStream<Uint8Array> | null), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers as unknown as Headers,
      });
    });
  return async (input, init) => {
    const url = new URL(String(input));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AddressRefusedError(`${url.protocol} URLs are refused: http and https only`);
    if (url.username || url.password) throw new AddressRefusedError('URLs with a user name or password are refused');
    await checkedAddresses(url, { allowHosts: options.allowHosts, resolve });
    const signal = init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(requestTimeoutMs)]) : AbortSignal.timeout(requestTimeoutMs);
    return base(url, { ...init, redirect: 'manual', signal });
  };
}
