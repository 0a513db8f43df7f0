import { PortalError } from './errors.ts';
import { oauthConnectionChangedSubscription, oauthConnectionQuery, type OAuthConnectionView } from './oauth-operations.ts';
import type { Request } from './servers.ts';
import { oneLine } from './servers.ts';

export interface WaitForAuthorizationOptions {
  url: string;
  token: string;
  request: Request;
  /** The connection as authorizeServer answered it: only a change after it counts. */
  started: OAuthConnectionView;
  timeoutMs: number;
  /** How often the connection is read again, in case an event went by (the subscription is the fast path). */
  pollMs?: number;
  /** Each state seen after the start. */
  onState?: (connection: OAuthConnectionView) => void;
  /** Aborting stops waiting; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * The verdict on a connection seen after the authorization started: AUTHORIZED ends the wait, FAILED and
 * REVOKED end it with a one-line error, anything else (NEEDS_AUTHORIZATION while the user consents) waits.
 */
export function judgeAuthorization(connection: OAuthConnectionView): 'authorized' | PortalError | undefined {
  const name = connection.server.name;
  if (connection.status === 'AUTHORIZED') return 'authorized';
  if (connection.status === 'FAILED') {
    return new PortalError(`Authorizing ${name} failed: ${connection.lastError ? oneLine(connection.lastError) : 'no reason was given'}`, { code: 'FAILED' });
  }
  if (connection.status === 'REVOKED') return new PortalError(`The connection to ${name} was revoked before it was authorized.`, { code: 'REVOKED' });
  return undefined;
}

/** Whether `seen` is the same connection as `started` (or its successor: same server, same owner), changed since. */
function isNewerState(started: OAuthConnectionView, seen: OAuthConnectionView): boolean {
  const same = seen.id === started.id || (seen.server.id === started.server.id && seen.team === started.team && seen.user?.id === started.user?.id);
  if (!same) return false;
  return seen.status !== started.status || Date.parse(seen.updatedAt) > Date.parse(started.updatedAt);
}

/**
 * Waits until the user completed (or failed) the authorization in their browser: the portal's /oauth/callback
 * completes it, and `oauthConnectionChanged` tells. The connection is also read every `pollMs`, so a missed
 * event or a subscription the router refused still ends the wait. Resolves with the AUTHORIZED connection.
 */
export async function waitForAuthorization(options: WaitForAuthorizationOptions): Promise<OAuthConnectionView> {
  const { started } = options;
  let settle: { resolve: (connection: OAuthConnectionView) => void; reject: (error: unknown) => void } | undefined;
  const outcome = new Promise<OAuthConnectionView>((resolve, reject) => (settle = { resolve, reject }));
  let last = started;
  const consider = (connection: OAuthConnectionView) => {
    if (!isNewerState(started, connection)) return;
    if (connection.status !== last.status || connection.updatedAt !== last.updatedAt) options.onState?.(connection);
    last = connection;
    const verdict = judgeAuthorization(connection);
    if (verdict === 'authorized') settle?.resolve(connection);
    else if (verdict) settle?.reject(verdict);
  };

  const { subscribeLive } = await import('./subscription.ts');
  const live = subscribeLive(
    { url: options.url, token: options.token },
    oauthConnectionChangedSubscription,
    { serverId: started.server.id },
    ({ oauthConnectionChanged }) => consider(oauthConnectionChanged),
  );
  // The subscription only makes the wait quicker: should it end or fail, polling carries on.
  live.done.catch(() => undefined);

  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const { oauthConnection } = await options.request(oauthConnectionQuery, { id: started.id });
      if (oauthConnection) consider(oauthConnection);
    } catch (error) {
      if (error instanceof PortalError && error.code === 'UNAUTHENTICATED') settle?.reject(error);
      // Anything else (the router restarting, a network hiccup): the next poll tries again.
    } finally {
      polling = false;
    }
  };
  const poller = setInterval(() => void poll(), options.pollMs ?? 2000);
  const timer = setTimeout(
    () =>
      settle?.reject(
        new PortalError(
          `${started.server.name} is still ${last.status} after ${Math.round(options.timeoutMs / 1000)} s: authorize it in the browser, or start again with \`docker mcp oauth authorize ${started.server.name}\`.`,
          { code: 'TIMEOUT' },
        ),
      ),
    options.timeoutMs,
  );
  const onAbort = () => settle?.reject(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  try {
    return await outcome;
  } finally {
    clearInterval(poller);
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await live.stop();
  }
}
