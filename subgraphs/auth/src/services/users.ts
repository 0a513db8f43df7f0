import type { AuditActor, AuditLog, Database, Logger, Viewer } from '@mcp-portal/kit';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, requireViewer, UnauthenticatedError } from '@mcp-portal/kit';
import type { Role } from '@mcp-portal/schema';
import { externalIdentityStore } from '../store/external-identities.ts';
import { userStore, type UserRow } from '../store/users.ts';
import type { Session, SessionService } from './sessions.ts';
import type { RevocationNotices } from './revocation-notices.ts';
import type { LoginThrottle, ThrottleReservation } from './login-throttle.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';

export type LoginResult = Session;

export interface AdminBootstrap {
  email: string;
  password?: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fixed hash to compare against when the email is unknown, so timing does not reveal which emails exist. */
const unknownUserHash = hashPassword('not-a-real-password');

export class UserService {
  private readonly store: ReturnType<typeof userStore>;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly logger: Logger,
    private readonly notices: RevocationNotices,
  ) {
    this.store = userStore(db);
  }

  byId(id: string) {
    return this.store.byId(id);
  }

  /** The user an external identity is linked to (an OIDC provider's subject, an Entra object id), disabled or not. */
  async byExternalIdentity(issuer: string, subject: string): Promise<UserRow | null> {
    const userId = await externalIdentityStore(this.db).userIdOf(issuer, subject);
    return userId ? this.store.byId(userId) : null;
  }

  /** Many users with one query (entity references); ids that are not UUIDs match no one. */
  byIds(ids: readonly string[]): Promise<UserRow[]> {
    return this.store.byIds(ids.filter((id) => uuidPattern.test(id)));
  }

  list() {
    return this.store.list();
  }

  async create(user: { email: string; password: string; role: Role; displayName?: string }, actor: AuditActor): Promise<UserRow> {
    const email = user.email.trim().toLowerCase();
    const passwordHash = await hashPassword(user.password);
    const entry = { action: 'user.create', targetType: 'User', detail: { email, role: user.role }, targetIdOf: (row: UserRow) => row.id };
    return this.audit.change(actor, entry, async (tx) => {
      const created = await userStore(tx).insert({ email, passwordHash, role: user.role, displayName: user.displayName });
      if (!created) throw new ConflictError(`A user with the email ${email} already exists.`);
      return created;
    });
  }

  /** Every attempt is audited, successful or not (the password never is); repeated failures are throttled. */
  async login(email: string, password: string, actor: AuditActor): Promise<LoginResult> {
    const normalised = email.trim().toLowerCase();
    const attempt = { action: 'auth.login', targetType: 'User', detail: { email: normalised } };
    let reservation: ThrottleReservation;
    try {
      reservation = await this.throttle.reserve(normalised, actor.sourceIp);
    } catch (error) {
      await this.audit.record(actor, { ...attempt, detail: { ...attempt.detail, reason: 'throttled' } }, 'failure');
      throw error;
    }
    const user = await this.store.byEmail(normalised);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await unknownUserHash));
    if (!user || !user.passwordHash || !valid) {
      await this.audit.record(actor, { ...attempt, targetId: user?.id }, 'failure');
      throw new UnauthenticatedError('Wrong email or password.');
    }
    if (user.disabledAt) {
      await this.audit.record(actor, { ...attempt, targetId: user.id, detail: { ...attempt.detail, reason: 'disabled' } }, 'failure');
      throw new UnauthenticatedError('This account is disabled: ask an admin.');
    }
    await reservation.succeeded();
    const viewer: Viewer = { userId: user.id, email: user.email, role: user.role };
    await this.audit.record({ ...actor, viewer }, { action: 'auth.login', targetType: 'User', targetId: user.id }, 'success');
    return this.sessions.start(user);
  }

  /** Changes a user's role or disables/enables them (admins); never yourself, never the last active admin. */
  async update(id: string, changes: { role?: Role; disabled?: boolean }, actor: AuditActor): Promise<UserRow> {
    const viewer = requireViewer(actor.viewer);
    if (id === viewer.userId) throw new ForbiddenError('You cannot change your own role or disable yourself: ask another admin.');
    const detail = { ...(changes.role ? { role: changes.role } : {}), ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}) };
    const result = await this.audit.change(actor, { action: 'user.update', targetType: 'User', targetId: id, detail }, async (tx) => {
      const store = userStore(tx);
      // Changes of users take turns: two admins demoting each other at once would each still count the other.
      await store.lockUserChanges();
      const existing = await store.byId(id);
      if (!existing) throw new NotFoundError(`There is no user with id ${id}.`);
      const updated = await store.update(id, {
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.disabled !== undefined ? { disabledAt: changes.disabled ? (existing.disabledAt ?? new Date()) : null } : {}),
      });
      if (!updated) throw new NotFoundError(`There is no user with id ${id}.`);
      if (changes.disabled) await this.sessions.revokeAllOf(tx, id);
      if ((await store.countActiveAdmins()) === 0) throw new ConflictError('This would leave no active admin.');
      return updated;
    });
    await this.notices.announce({ userId: id });
    return result;
  }

  /** Changes the signed-in user's own password after checking the current one (throttled like sign-in). */
  async changePassword(currentPassword: string, newPassword: string, actor: AuditActor): Promise<void> {
    const viewer = requireViewer(actor.viewer);
    const entry = { action: 'user.change-password', targetType: 'User', targetId: viewer.userId };
    const reservation = await this.throttle.reserve(viewer.email, actor.sourceIp);
    const user = await this.store.byId(viewer.userId);
    if (!user?.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) {
      await this.audit.record(actor, { ...entry, detail: { reason: 'wrong current password' } }, 'failure');
      throw new InvalidInputError('The current password is wrong.');
    }
    await reservation.succeeded();
    const passwordHash = await hashPassword(newPassword);
    await this.audit.change(actor, entry, (tx) => userStore(tx).setPasswordHash(viewer.userId, passwordHash));
  }

  /**
   * Creates the first admin when there are no users. Without a configured password a generated one is
   * returned so the caller can show it exactly once; it is never logged.
   */
  async ensureFirstAdmin(bootstrap: AdminBootstrap): Promise<{ email: string; generatedPassword?: string } | null> {
    if ((await this.store.count()) > 0) return null;
    const generatedPassword = bootstrap.password ? undefined : generatePassword();
    const password = bootstrap.password ?? generatedPassword ?? '';
    const email = bootstrap.email.trim().toLowerCase();
    const passwordHash = await hashPassword(password);
    const system = { viewer: null, requestId: 'startup', sourceIp: null };
    const created = await this.audit.change(
      system,
      (row: UserRow | null) => ({ action: 'user.bootstrap-admin', targetType: 'User', targetId: row?.id, detail: { email, created: row !== null } }),
      (tx) => userStore(tx).insert({ email, passwordHash, role: 'admin', displayName: 'Administrator' }),
    );
    if (!created) return null;
    this.logger.info({ email }, 'created the first admin');
    return { email, generatedPassword };
  }
}
