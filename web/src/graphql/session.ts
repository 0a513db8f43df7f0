import { sessionPaths } from '@mcp-portal/schema/contract';
import type { SessionUser } from './session-user.ts';

/**
 * The portal's session. The access token lives in this module's memory only; the refresh token is an
 * httpOnly cookie (`mcp_refresh`, Path=/auth) that scripts never see. A page load restores the session
 * with POST /auth/refresh, the token is refreshed when 80% of its lifetime has passed, and tabs share
 * the cookie: refreshes are serialised across tabs with a Web Lock (a refresh token works once, so two
 * tabs refreshing with the same cookie would look like a replay), and sign-in and sign-out are announced
 * to the other tabs on a BroadcastChannel.
 */

export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';

export interface SessionSnapshot {
  status: SessionStatus;
  user: SessionUser | null;
  /** Why the session could not be restored (the server was unreachable), for the sign-in page. */
  problem: string | null;
}

interface SessionBody {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

type AuthAnswer<T> = { ok: true; body: T } | { ok: false; status: number; message: string };

type TabMessage = { type: 'signed-in'; userId: string } | { type: 'signed-out' };

/** Where versions before the cookie session kept the bearer token; removed at start. */
const legacyTokenKey = 'mcp-portal.token';
/**
 * "A session cookie may exist": not a credential, it only spares visitors who never signed in a
 * refresh request that can only answer 401. Set on sign-in (and before leaving for single sign-on).
 */
const sessionHintKey = 'mcp-portal.signed-in';
const refreshLockName = 'mcp-portal-refresh';
const tabChannelName = 'mcp-portal-session';
const refreshAtFractionOfLifetime = 0.8;
const retryAfterFailedRefreshMs = 30_000;

const storage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Storage can be unavailable (private mode, quotas): every page load then tries to restore.
    }
  },
  remove(key: string): void {
    try {
      localStorage.removeItem(key);
    } catch {
      // As above.
    }
  },
  usable(): boolean {
    try {
      return typeof localStorage !== 'undefined' && localStorage !== null;
    } catch {
      return false;
    }
  },
};

const unreachable = 'Cannot reach the server: check your connection.';

/** POSTs JSON to an /auth endpoint (same origin, so the cookie goes along) and reads its JSON answer. */
async function postAuth<T>(path: string, body: Record<string, unknown>): Promise<AuthAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, status: 0, message: unreachable };
  }
  if (response.status === 204) return { ok: true, body: undefined as T };
  const answer: unknown = await response.json().catch(() => null);
  if (response.ok && answer !== null) return { ok: true, body: answer as T };
  const message = typeof (answer as { message?: unknown } | null)?.message === 'string' ? (answer as { message: string }).message : null;
  return { ok: false, status: response.status, message: message ?? `The server answered ${response.status}: try again in a moment.` };
}

/** Runs `task` holding the cross-tab refresh lock (where the browser has Web Locks: secure contexts). */
function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;
  return locks ? locks.request(refreshLockName, task) : task();
}

/** The token's own lifetime (`exp - iat` of a JWT), which does not depend on the two clocks agreeing. */
function jwtLifetimeMs(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { iat?: unknown; exp?: unknown };
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp <= claims.iat) return null;
    return (claims.exp - claims.iat) * 1000;
  } catch {
    return null;
  }
}

export class SessionStore {
  #snapshot: SessionSnapshot = { status: 'signed-out', user: null, problem: null };
  #token: string | null = null;
  /** Local clock time at which the token should be replaced. */
  #refreshDueAt = 0;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshing: Promise<boolean> | null = null;
  #channel: BroadcastChannel | null = null;
  #started = false;
  readonly #listeners = new Set<() => void>();
  readonly #tokenListeners = new Set<() => void>();

  /** Removes what older versions left, listens to the other tabs and restores the session if one may exist. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    storage.remove(legacyTokenKey);
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(tabChannelName);
      this.#channel.onmessage = (event: MessageEvent<TabMessage>) => this.#onTabMessage(event.data);
    }
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.#refreshIsDue()) void this.refresh();
    });
    // Coming back from a failed single sign-on: there is no session to restore.
    if (new URLSearchParams(window.location.search).has('loginError')) {
      storage.remove(sessionHintKey);
      return;
    }
    if (storage.get(sessionHintKey) !== null || !storage.usable()) {
      this.#set({ status: 'restoring', user: null, problem: null });
      void this.refresh();
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.#snapshot;

  /** The current access token, for the GraphQL requests and the WebSocket's connection_init. */
  get token(): string | null {
    return this.#token;
  }

  /** The token, refreshed first when it is due (timers do not run while a laptop sleeps). */
  async freshToken(): Promise<string | null> {
    if (this.#refreshing) await this.#refreshing;
    else if (this.#refreshIsDue()) await this.refresh();
    return this.#token;
  }

  /** Called after every new token (sign-in, refresh), so the WebSocket reconnects with it. */
  onTokenChange(listener: () => void): () => void {
    this.#tokenListeners.add(listener);
    return () => this.#tokenListeners.delete(listener);
  }

  /**
   * Exchanges the refresh cookie for a new access token. Concurrent calls share one request; `unless`
   * skips the request when the token was replaced since the caller used it. True when a token is
   * available afterwards; a refused refresh (401) signs out.
   */
  refresh(options: { unless?: string | null } = {}): Promise<boolean> {
    if (options.unless && this.#token && options.unless !== this.#token) return Promise.resolve(true);
    this.#refreshing ??= this.#refreshNow().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /** Signs in with a local account; answers the message to show when refused, null on success. */
  signIn = async (email: string, password: string): Promise<string | null> => {
    // Under the lock too: a refresh finishing in another tab would overwrite the new cookie with its own.
    const answer = await withRefreshLock(() => postAuth<SessionBody>(sessionPaths.login, { email, password }));
    if (!answer.ok) return answer.message;
    this.#accept(answer.body);
    this.#tell({ type: 'signed-in', userId: answer.body.user.id });
    return null;
  };

  /** Before leaving for the identity provider: the page it returns to should look for the new session. */
  expectSession = (): void => {
    storage.set(sessionHintKey, '1');
  };

  /** Revokes the session on the server (clearing the cookie), then forgets it here and in the other tabs. */
  signOut = async (): Promise<void> => {
    await this.#refreshing?.catch(() => false);
    await withRefreshLock(() => postAuth(sessionPaths.logout, {}));
    this.#end(null);
    this.#tell({ type: 'signed-out' });
  };

  async #refreshNow(): Promise<boolean> {
    // Once the lock is ours, the cookie jar holds the newest refresh token (another tab may just have rotated it).
    const answer = await withRefreshLock(() => postAuth<SessionBody>(sessionPaths.refresh, {}));
    if (answer.ok) {
      this.#accept(answer.body);
      return true;
    }
    if (answer.status === 401) {
      const wasSignedIn = this.#snapshot.status === 'signed-in';
      this.#end(wasSignedIn ? 'Your session has ended: sign in again.' : null);
      if (wasSignedIn) this.#tell({ type: 'signed-out' });
      return false;
    }
    // The server is unreachable or busy: keep what we have and try again a little later.
    if (this.#snapshot.status === 'restoring') this.#set({ status: 'signed-out', user: null, problem: answer.message });
    else this.#scheduleRefresh(retryAfterFailedRefreshMs);
    return false;
  }

  #accept(body: SessionBody): void {
    const lifetimeMs = jwtLifetimeMs(body.token) ?? Math.max(0, Date.parse(body.expiresAt) - Date.now());
    const refreshInMs = lifetimeMs * refreshAtFractionOfLifetime;
    this.#token = body.token;
    this.#refreshDueAt = Date.now() + refreshInMs;
    this.#scheduleRefresh(refreshInMs);
    storage.set(sessionHintKey, '1');
    this.#set({ status: 'signed-in', user: body.user, problem: null });
    for (const listener of this.#tokenListeners) listener();
  }

  #end(problem: string | null): void {
    clearTimeout(this.#refreshTimer);
    this.#token = null;
    this.#refreshDueAt = 0;
    storage.remove(sessionHintKey);
    this.#set({ status: 'signed-out', user: null, problem });
  }

  #refreshIsDue(): boolean {
    return this.#token !== null && Date.now() >= this.#refreshDueAt;
  }

  #scheduleRefresh(delayMs: number): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.refresh(), Math.max(0, delayMs));
  }

  #onTabMessage(message: TabMessage): void {
    if (message.type === 'signed-out' && this.#snapshot.status !== 'signed-out') this.#end(null);
    // Another tab signed in: pick up its session, unless this tab already has the same user's.
    if (message.type === 'signed-in' && this.#snapshot.user?.id !== message.userId) void this.refresh();
  }

  #tell(message: TabMessage): void {
    this.#channel?.postMessage(message);
  }

  #set(snapshot: SessionSnapshot): void {
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) listener();
  }
}

/** The portal's one session; main.tsx starts it before the first render. */
export const session = new SessionStore();
