import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { z } from 'zod';
import {
  AppError,
  emailAddress,
  ForbiddenError,
  UnauthenticatedError,
  roleAtLeast,
  type AuditActor,
  type AuditLog,
  type Database,
  type Logger,
  type SecretBox,
} from '@mcp-portal/kit';
import type { Role } from '@mcp-portal/schema';
import { entraObjectIssuer } from '@mcp-portal/schema/contract';
import { externalIdentityStore } from '../store/external-identities.ts';
import { oidcLoginStore } from '../store/oidc-logins.ts';
import { userStore, type UserRow } from '../store/users.ts';
import type { OidcSettings } from './oidc-settings.ts';
import type { Session, SessionService } from './sessions.ts';

const loginLifetimeMs = 10 * 60_000;
const hashState = (state: string) => createHash('sha256').update(state).digest('hex');
const sealContext = (stateHash: string) => `auth.oidc_logins:${stateHash}`;
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The identity provider cannot be reached or answered something unusable. */
export class IdentityProviderError extends AppError {
  readonly code = 'IDENTITY_PROVIDER_UNAVAILABLE';
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(255),
  email: emailAddress.optional(),
  preferred_username: z.string().max(320).optional(),
  upn: z.string().max(320).optional(),
  name: z.string().max(200).optional(),
});

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
/** Microsoft Entra's tenant id and the user's object id in it (the same for every application of the tenant). */
const entraClaimsSchema = z.object({ tid: guid, oid: guid });
/** An Entra tenant's v2.0 issuer path: `/{tenant id}/v2.0`. */
const entraIssuerPath = /^\/([^/]+)\/v2\.0\/?$/;

/** A path of this portal to come back to after signing in (never another origin). */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.length > 500) return '/';
  return value;
}

export interface OidcCallbackResult {
  session: Session;
  returnTo: string;
}

/**
 * Sign-in with an OpenID Connect provider (Azure AD / Entra ID in production): authorization code flow
 * with PKCE, `state` and `nonce` (openid-client does the protocol and validates the ID token: issuer,
 * audience, signature through the provider's JWKS, expiry, nonce). Users are created on their first
 * sign-in; the role comes from a claim (Entra app roles or groups) mapped through OIDC_ROLE_MAP.
 */
export class OidcLogin {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(
    readonly settings: OidcSettings,
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly secrets: SecretBox,
    private readonly sessions: SessionService,
    private readonly logger: Logger,
  ) {}

  get displayName(): string {
    return this.settings.displayName;
  }

  /** Returns the provider's authorization URL to redirect the browser to. */
  async start(returnTo: string): Promise<URL> {
    const config = await this.discover();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const stateHash = hashState(state);
    const store = oidcLoginStore(this.db);
    await store.deleteExpired();
    await store.insert({
      stateHash,
      codeVerifier: this.secrets.seal(codeVerifier, sealContext(stateHash)),
      nonce,
      returnTo: safeReturnPath(returnTo),
      expiresAt: new Date(Date.now() + loginLifetimeMs),
    });
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl.toString(),
      scope: this.settings.scopes,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Completes a sign-in from the provider's redirect (`search` is the callback's query string). */
  async complete(search: string, actor: AuditActor): Promise<OidcCallbackResult> {
    const attempt = { action: 'auth.login', targetType: 'User', detail: { method: 'oidc', issuer: this.settings.issuer.toString() } };
    const fail = async (message: string, reason: string, targetId?: string): Promise<never> => {
      await this.audit.record(actor, { ...attempt, targetId, detail: { ...attempt.detail, reason } }, 'failure');
      throw new UnauthenticatedError(message);
    };
    const params = new URLSearchParams(search);
    const providerError = params.get('error');
    if (providerError) {
      const description = params.get('error_description')?.slice(0, 300);
      return fail(`Sign-in was not completed: ${description || providerError}.`, `provider: ${providerError}`);
    }
    const state = params.get('state');
    const pending = state ? await oidcLoginStore(this.db).take(hashState(state)) : null;
    if (!state || !pending || pending.expiresAt.getTime() < Date.now()) {
      return fail('This sign-in link has expired or was already used: start again.', 'unknown or expired state');
    }
    const config = await this.discover();
    const callbackUrl = new URL(this.settings.redirectUrl);
    callbackUrl.search = search;
    let claims: z.infer<typeof claimsSchema> & Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: this.secrets.open(pending.codeVerifier, sealContext(pending.stateHash)),
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const raw = tokens.claims();
      claims = { ...raw, ...claimsSchema.parse(raw) };
    } catch (error) {
      this.logger.warn({ err: error }, 'OIDC code exchange or ID token validation failed');
      return fail('The sign-in could not be verified: start again.', 'code exchange or ID token rejected');
    }
    const email = (claims.email ?? claims.preferred_username ?? claims.upn)?.trim().toLowerCase();
    if (!email || !emailAddress.safeParse(email).success) {
      return fail('The identity provider did not send an email address for this account.', 'no email claim');
    }
    const mappedRole = this.roleFromClaims(claims[this.settings.roleClaim]);
    const user = await this.provision({ subject: claims.sub, email, name: claims.name, mappedRole }, actor).catch(async (error: unknown) => {
      if (error instanceof AppError) return fail(error.message, error.message);
      throw error;
    });
    if (user.disabledAt) return fail('This account is disabled: ask an admin.', 'disabled', user.id);
    await this.linkEntraObject(claims, user);
    const viewer = { userId: user.id, email: user.email, role: user.role };
    await this.audit.record({ ...actor, viewer }, { ...attempt, targetId: user.id }, 'success');
    return { session: await this.sessions.start(user), returnTo: pending.returnTo };
  }

  /** The highest role any claim value maps to; null when none does. */
  roleFromClaims(value: unknown): Role | null {
    const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    let best: Role | null = null;
    for (const item of values) {
      const role = typeof item === 'string' ? this.settings.roleMap.get(item) : undefined;
      if (role && (!best || roleAtLeast(role, best))) best = role;
    }
    return best;
  }

  /** Finds or creates the user of an external identity; a mapped role is applied on every sign-in. */
  private async provision(identity: { subject: string; email: string; name?: string; mappedRole: Role | null }, actor: AuditActor): Promise<UserRow> {
    const issuer = this.settings.issuer.toString();
    const linkedId = await externalIdentityStore(this.db).userIdOf(issuer, identity.subject);
    if (linkedId) {
      const user = await userStore(this.db).byId(linkedId);
      if (!user) throw new UnauthenticatedError('This account no longer exists: ask an admin.');
      await externalIdentityStore(this.db).touch(issuer, identity.subject);
      if (!identity.mappedRole || identity.mappedRole === user.role) return user;
      return this.audit.change(
        { ...actor, viewer: null },
        { action: 'user.update', targetType: 'User', targetId: user.id, detail: { role: identity.mappedRole, source: 'oidc role claim' } },
        async (tx) => (await userStore(tx).update(user.id, { role: identity.mappedRole as Role })) ?? user,
      );
    }
    const role = identity.mappedRole ?? this.settings.defaultRole;
    if (!role) throw new ForbiddenError('Your account has no role in MCP Portal: ask an admin to assign you one.');
    const existing = await userStore(this.db).byEmail(identity.email);
    if (existing) {
      if (!this.settings.linkByEmail) {
        throw new ForbiddenError(`A local account already uses ${identity.email}: ask an admin to link it (OIDC_LINK_BY_EMAIL).`);
      }
      return this.audit.change(
        { ...actor, viewer: null },
        {
          action: 'user.link-identity',
          targetType: 'User',
          targetId: existing.id,
          detail: { issuer, ...(identity.mappedRole ? { role: identity.mappedRole } : {}) },
        },
        async (tx) => {
          await externalIdentityStore(tx).link(issuer, identity.subject, existing.id);
          if (!identity.mappedRole || identity.mappedRole === existing.role) return existing;
          return (await userStore(tx).update(existing.id, { role: identity.mappedRole })) ?? existing;
        },
      );
    }
    const entry = {
      action: 'user.create',
      targetType: 'User',
      detail: { email: identity.email, role, source: 'oidc', issuer },
      targetIdOf: (row: UserRow) => row.id,
    };
    return this.audit.change({ ...actor, viewer: null }, entry, async (tx) => {
      const created = await userStore(tx).insert({ email: identity.email, passwordHash: null, role, displayName: identity.name ?? null });
      if (!created) throw new ForbiddenError(`A local account already uses ${identity.email}: ask an admin to link it.`);
      await externalIdentityStore(tx).link(issuer, identity.subject, created.id);
      return created;
    });
  }

  /**
   * The Entra object id the ID token names, when the configured issuer is the very Entra tenant it names
   * (`https://login.microsoftonline.com/{tid}/v2.0`): another provider's `tid` and `oid` claims prove nothing.
   */
  private entraObjectOf(claims: Record<string, unknown>): { issuer: string; subject: string } | null {
    const entra = entraClaimsSchema.safeParse(claims);
    if (!entra.success) return null;
    const tenant = entraIssuerPath.exec(this.settings.issuer.pathname)?.[1];
    if (tenant?.toLowerCase() !== entra.data.tid.toLowerCase()) return null;
    return { issuer: entraObjectIssuer(entra.data.tid), subject: entra.data.oid.toLowerCase() };
  }

  /**
   * Remembers the Entra object id of who signed in, for the gateway-proxy to map Entra access tokens for the gateway's API
   * to them. One linked to another user stays there; neither that nor a failure here stops the sign-in.
   */
  private async linkEntraObject(claims: Record<string, unknown>, user: UserRow): Promise<void> {
    const identity = this.entraObjectOf(claims);
    if (!identity) return;
    try {
      const linkedId = await externalIdentityStore(this.db).linkUnlessLinked(identity.issuer, identity.subject, user.id);
      if (linkedId !== user.id) {
        this.logger.warn(
          { userId: user.id, linkedUserId: linkedId, issuer: identity.issuer },
          'the Entra object id of this sign-in is linked to another user: the link is left as it is',
        );
      }
    } catch (error) {
      this.logger.warn({ err: error, userId: user.id, issuer: identity.issuer }, 'could not remember the Entra object id of a sign-in');
    }
  }

  /** Discovery happens on first use and is retried after a failure (the provider may be down at start). */
  private discover(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const { issuer, clientId, clientSecret } = this.settings;
      const insecure = issuer.protocol === 'http:' && loopbackHosts.has(issuer.hostname);
      this.configuration = oidc
        .discovery(issuer, clientId, clientSecret, undefined, { execute: insecure ? [oidc.allowInsecureRequests] : [], timeout: 10 })
        .catch((error: unknown) => {
          this.configuration = null;
          this.logger.warn({ err: error, issuer: issuer.toString() }, 'OIDC discovery failed');
          throw new IdentityProviderError(`The sign-in provider at ${issuer.origin} cannot be reached: try again later.`);
        });
    }
    return this.configuration;
  }
}
