import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { NotFoundError, UnauthenticatedError, type AuditActor, type AuditLog, type Database, type Viewer } from '@mcp-portal/kit';
import { refreshTokenStore, type ActiveSessionRow } from '../store/refresh-tokens.ts';
import { userStore, type UserRow } from '../store/users.ts';
import type { IssuedToken, TokenIssuer } from './keys.ts';

/** `mcprt_` + 64 hex: recognisable in logs and secret scanners, never stored in clear. */
const refreshTokenPrefix = 'mcprt_';
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface Session extends IssuedToken {
  user: UserRow;
  refreshToken: string;
  refreshExpiresAt: Date;
}

const sessionEnded = () => new UnauthenticatedError('Your session has ended: sign in again.');

/**
 * Interactive sessions: a short-lived access JWT plus an opaque refresh token that is rotated on every
 * use. A refresh token presented a second time means a copy exists somewhere else: the whole family of
 * tokens descending from that sign-in is revoked, so neither copy works any more.
 */
export class SessionService {
  private purgeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly issuer: TokenIssuer,
    private readonly refreshTtlSeconds: number,
  ) {}

  /** Starts a new family for a user who has just proven who they are (the caller audits the sign-in). */
  async start(user: UserRow): Promise<Session> {
    const refresh = await this.mint(this.db, user.id, randomUUID());
    return { ...(await this.accessTokenFor(user)), user, ...refresh };
  }

  async refresh(refreshToken: string, actor: AuditActor): Promise<Session> {
    const outcome = await this.db.transaction(async (txDb) => {
      const tx = txDb as unknown as Database;
      const store = refreshTokenStore(tx);
      const stored = await store.byHashForUpdate(hashToken(refreshToken));
      if (!stored || stored.revokedAt) return { kind: 'refused' as const };
      if (stored.usedAt) {
        await store.revokeFamily(stored.familyId);
        return { kind: 'replayed' as const, stored };
      }
      if (stored.expiresAt.getTime() <= Date.now()) return { kind: 'refused' as const };
      const user = await userStore(tx).byId(stored.userId);
      if (!user || user.disabledAt) {
        await store.revokeFamily(stored.familyId);
        return { kind: 'refused' as const };
      }
      await store.markUsed(stored.id);
      return { kind: 'rotated' as const, user, next: await this.mint(tx, user.id, stored.familyId) };
    });
    if (outcome.kind === 'replayed') {
      const viewer = await this.viewerOf(outcome.stored.userId);
      await this.audit.record(
        { ...actor, viewer },
        { action: 'auth.refresh-token-reuse', targetType: 'User', targetId: outcome.stored.userId, detail: { family: outcome.stored.familyId } },
        'failure',
      );
      throw new UnauthenticatedError('This session was signed out because its refresh token was used twice: sign in again.');
    }
    if (outcome.kind === 'refused') throw sessionEnded();
    return { ...(await this.accessTokenFor(outcome.user)), user: outcome.user, ...outcome.next };
  }

  /** Revokes the family of the presented token; an unknown or already revoked token is not an error. */
  async logout(refreshToken: string, actor: AuditActor): Promise<boolean> {
    const revoked = await this.db.transaction(async (txDb) => {
      const store = refreshTokenStore(txDb);
      const stored = await store.byHashForUpdate(hashToken(refreshToken));
      if (!stored) return null;
      return { stored, count: await store.revokeFamily(stored.familyId) };
    });
    if (!revoked || revoked.count === 0) return false;
    const viewer = actor.viewer ?? (await this.viewerOf(revoked.stored.userId));
    await this.audit.record({ ...actor, viewer }, { action: 'auth.logout', targetType: 'User', targetId: revoked.stored.userId }, 'success');
    return true;
  }

  /** The active sessions of each of these users (one query for all), in the order of `userIds`. */
  async activeOf(userIds: readonly string[]): Promise<ActiveSessionRow[][]> {
    const rows = await refreshTokenStore(this.db).activeOfUsers(userIds);
    return userIds.map((userId) => rows.filter((row) => row.userId === userId));
  }

  /**
   * Ends one active session of anyone (admins, from a user's page): every token of that sign-in is revoked,
   * so its next refresh fails; an access JWT already issued lives out its few minutes. Returns the owner's id.
   */
  async revoke(familyId: string, actor: AuditActor): Promise<string> {
    const owner = await refreshTokenStore(this.db).ownerOfActive(familyId);
    const entry = { action: 'auth.session-revoke', targetType: 'User', targetId: owner, detail: { session: familyId } };
    return this.audit.change(actor, entry, async (tx) => {
      const revoked = owner ? await refreshTokenStore(tx).revokeFamily(familyId) : 0;
      if (!owner || revoked === 0) throw new NotFoundError(`There is no active session with id ${familyId}.`);
      return owner;
    });
  }

  /** Ends every session of a user (disabled by an admin); runs inside the caller's transaction. */
  revokeAllOf(tx: Database, userId: string): Promise<number> {
    return refreshTokenStore(tx).revokeAllOfUser(userId);
  }

  /** Forgets tokens that expired more than a day ago (a replay of those is refused as unknown anyway). */
  purgeExpired(): Promise<number> {
    return refreshTokenStore(this.db).deleteExpiredBefore(new Date(Date.now() - 86_400_000));
  }

  /** Purges expired tokens now and hourly. */
  startPurging(onError: (error: unknown) => void): void {
    const purge = () => void this.purgeExpired().catch(onError);
    purge();
    this.purgeTimer = setInterval(purge, 3_600_000);
    this.purgeTimer.unref();
  }

  stop(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }

  private async mint(db: Database, userId: string, familyId: string): Promise<{ refreshToken: string; refreshExpiresAt: Date }> {
    const refreshToken = `${refreshTokenPrefix}${randomBytes(32).toString('hex')}`;
    const refreshExpiresAt = new Date(Date.now() + this.refreshTtlSeconds * 1000);
    await refreshTokenStore(db).insert({ familyId, userId, tokenHash: hashToken(refreshToken), expiresAt: refreshExpiresAt });
    return { refreshToken, refreshExpiresAt };
  }

  private accessTokenFor(user: UserRow): Promise<IssuedToken> {
    return this.issuer.issue({ userId: user.id, email: user.email, role: user.role });
  }

  private async viewerOf(userId: string): Promise<Viewer | null> {
    const user = await userStore(this.db).byId(userId);
    return user ? { userId: user.id, email: user.email, role: user.role } : null;
  }
}
