import { createHash, timingSafeEqual } from 'node:crypto';
import { secondsToWaitAfterCounting, type CounterStore, type Logger } from '@mcp-portal/kit';
import { invalidRedirectUri, RegistrationError } from './errors.ts';
import { defaultRegistrationSettings, type RegistrationSettings } from './settings.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The host a redirect URI is matched by against the allowed hosts: its host name, or a private-use URI's scheme. */
function redirectHostOf(uri: string): string {
  const url = new URL(uri);
  return (url.hostname || url.protocol.slice(0, -1)).toLowerCase();
}

/**
 * The abuse limits of `POST /register` (issue 14's policy), in the order they are applied:
 * 1. the initial access token (RFC 7591 §3), when one is set: compared in constant time, never logged;
 * 2. registrations per source address and window, in the kit's CounterStore (Redis when REDIS_URL is set, so that
 *    every replica adds to the same count; this process's memory otherwise) → 429 with Retry-After;
 * 3. the allowed redirect hosts, when listed → 400 invalid_redirect_uri;
 * 4. live clients per source address (counted in Postgres in the registration's own transaction) → 429.
 * The source address is the kit's sourceIpOf: the router's signed x-forwarded-for, else the socket's peer.
 */
export class RegistrationPolicy {
  private readonly tokenDigest: Buffer | null;

  constructor(
    readonly settings: RegistrationSettings = defaultRegistrationSettings,
    /** Where attempts are counted (the subgraph's CounterStore: Redis or memory); null: no rate limit. */
    readonly counters: CounterStore | null = null,
    readonly logger: Logger | null = null,
  ) {
    this.tokenDigest = settings.initialAccessToken === null ? null : digest(settings.initialAccessToken);
  }

  /** RFC 7591 §3 / RFC 6750 §3.1: 401 invalid_token when an initial access token is set and `token` is not it. */
  checkInitialAccessToken(token: string | null): void {
    if (this.tokenDigest === null) return;
    // Both sides hashed first: equal lengths for timingSafeEqual, and the comparison's time says nothing of the token.
    if (!timingSafeEqual(digest(token ?? ''), this.tokenDigest) || token === null) {
      throw new RegistrationError(401, 'invalid_token', 'Registration needs an initial access token (Authorization: Bearer); it is missing or wrong.');
    }
  }

  /** Counts one registration attempt of `address`; 429 with Retry-After once the window's limit is passed. */
  async countAttempt(address: string | null): Promise<void> {
    const { registrationsPerWindow: limit, windowSeconds } = this.settings;
    if (this.counters === null) return;
    // A count that cannot be read does not refuse (the per-address cap still holds).
    const retryAfter = await secondsToWaitAfterCounting(
      this.counters,
      `dcr-registrations:${address ?? 'unknown'}`,
      { count: limit, windowSeconds },
      this.logger ?? undefined,
    );
    if (retryAfter === null) return;
    throw new RegistrationError(
      429,
      'invalid_request',
      `Too many registrations from this address: at most ${limit} every ${windowSeconds} s; try again in ${retryAfter} s.`,
      retryAfter,
    );
  }

  /** 400 invalid_redirect_uri when allowed hosts are listed and a redirect URI points elsewhere. */
  checkRedirectHosts(redirectUris: readonly string[]): void {
    const allowed = this.settings.allowedRedirectHosts;
    if (allowed.length === 0) return;
    for (const uri of redirectUris) {
      const host = redirectHostOf(uri);
      const matches = allowed.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) || host === entry.slice(2) : host === entry));
      if (!matches) throw invalidRedirectUri(`redirect_uris: the host "${host}" is not among the hosts this server allows redirects to.`);
    }
  }

  /** 429 when `address` already has the most live clients allowed (`live`: counted in the registration's transaction). */
  checkLiveClients(live: number): void {
    const max = this.settings.maxClientsPerAddress;
    if (max > 0 && live >= max) {
      throw new RegistrationError(
        429,
        'invalid_request',
        `This address already has ${live} registered clients, the most allowed (${max}); delete one (RFC 7592) before registering another.`,
      );
    }
  }
}
