import type { Logger, Viewer } from '@mcp-portal/kit';
import { ConflictError, UnauthenticatedError } from '@mcp-portal/kit';
import type { Role } from '@mcp-portal/schema';
import type { UserRow, UserStore } from '../store/users.ts';
import type { IssuedToken, TokenIssuer } from './keys.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';

export interface LoginResult extends IssuedToken {
  user: UserRow;
}

export interface AdminBootstrap {
  email: string;
  password?: string;
}

/** A fixed hash to compare against when the email is unknown, so timing does not reveal which emails exist. */
const unknownUserHash = hashPassword('not-a-real-password');

export class UserService {
  constructor(
    private readonly store: UserStore,
    private readonly issuer: TokenIssuer,
    private readonly logger: Logger,
  ) {}

  byId(id: string) {
    return this.store.byId(id);
  }

  list() {
    return this.store.list();
  }

  async create(user: { email: string; password: string; role: Role; displayName?: string }): Promise<UserRow> {
    const email = user.email.trim().toLowerCase();
    const created = await this.store.insert({
      email,
      passwordHash: await hashPassword(user.password),
      role: user.role,
      displayName: user.displayName,
    });
    if (!created) throw new ConflictError(`A user with the email ${email} already exists.`);
    return created;
  }

  async login(email: string, password: string): Promise<LoginResult> {
    const user = await this.store.byEmail(email.trim().toLowerCase());
    const valid = await verifyPassword(password, user?.passwordHash ?? (await unknownUserHash));
    if (!user || !user.passwordHash || !valid) throw new UnauthenticatedError('Wrong email or password.');
    const viewer: Viewer = { userId: user.id, email: user.email, role: user.role };
    return { ...(await this.issuer.issue(viewer)), user };
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
    const created = await this.store.insert({ email, passwordHash: await hashPassword(password), role: 'admin', displayName: 'Administrator' });
    if (!created) return null;
    this.logger.info({ email }, 'created the first admin');
    return { email, generatedPassword };
  }
}
