import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { apiTokenPrefix, type Role } from '@mcp-portal/schema';
import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  requireViewer,
  roleAtLeast,
  UnauthenticatedError,
  type AuditActor,
  type AuditLog,
  type Database,
  type Viewer,
} from '@mcp-portal/kit';
import { apiTokenStore, type ApiTokenRow } from '../store/api-tokens.ts';
import { userStore } from '../store/users.ts';
import type { IssuedToken, TokenIssuer } from './keys.ts';
import type { RevocationNotices } from './revocation-notices.ts';

/** `mcpat_` + the token id (32 hex) + the secret (64 hex): recognisable, fixed length, no separators to split. */
const idLength = 32;
const secretLength = 64;

export function isApiToken(token: string): boolean {
  return token.startsWith(apiTokenPrefix) && token.length === apiTokenPrefix.length + idLength + secretLength;
}

function parse(token: string): { id: string; secret: string } | null {
  if (!isApiToken(token)) return null;
  const body = token.slice(apiTokenPrefix.length);
  const hex = body.slice(0, idLength);
  if (!/^[0-9a-f]+$/.test(body)) return null;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, secret: body.slice(idLength) };
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
const maxLifetimeDays = 365;

export interface CreatedApiToken {
  /** The only time the secret exists outside the caller's hands. */
  token: string;
  apiToken: ApiTokenRow;
}

/** Lifetime of the JWT an API token is exchanged for: revocation takes effect within this. */
export const exchangedTokenSeconds = 300;

export class ApiTokenService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly issuer: TokenIssuer,
    private readonly notices: RevocationNotices,
  ) {}

  async create(name: string, role: Role, expiresAt: Date, actor: AuditActor): Promise<CreatedApiToken> {
    const owner = requireViewer(actor.viewer);
    const id = randomUUID();
    const entry = { action: 'api-token.create', targetType: 'ApiToken', targetId: id, detail: { name, role } };
    return this.audit.change(actor, entry, (tx) => this.mint(tx, { id, owner, name, role, expiresAt }));
  }

  /** Creates a token inside the caller's transaction (and audit entry); the secret is returned once. */
  async mint(tx: Database, token: { id?: string; owner: Viewer; name: string; role: Role; expiresAt: Date }): Promise<CreatedApiToken> {
    const { owner, name, role, expiresAt } = token;
    if (!roleAtLeast(owner.role, role)) throw new ForbiddenError(`An API token cannot have a higher role than yours (${owner.role}).`);
    const now = Date.now();
    if (expiresAt.getTime() <= now) throw new InvalidInputError('expiresAt must be in the future.');
    if (expiresAt.getTime() > now + maxLifetimeDays * 86_400_000) throw new InvalidInputError(`An API token lives at most ${maxLifetimeDays} days.`);
    const id = token.id ?? randomUUID();
    const secret = randomBytes(secretLength / 2).toString('hex');
    const apiToken = await apiTokenStore(tx).insert({ id, userId: owner.userId, name, role, secretHash: hashSecret(secret), expiresAt });
    return { token: `${apiTokenPrefix}${id.replaceAll('-', '')}${secret}`, apiToken };
  }

  list(actor: AuditActor): Promise<ApiTokenRow[]> {
    return apiTokenStore(this.db).ofUser(requireViewer(actor.viewer).userId);
  }

  /** The tokens of each of these users (one query for all), in the order of `userIds`: what an admin sees of another user. */
  async listOfUsers(userIds: readonly string[]): Promise<ApiTokenRow[][]> {
    const rows = await apiTokenStore(this.db).ofUsers(userIds);
    return userIds.map((userId) => rows.filter((row) => row.userId === userId));
  }

  /** Owners revoke their own tokens; admins revoke anyone's. */
  async revoke(id: string, actor: AuditActor): Promise<ApiTokenRow> {
    const viewer = requireViewer(actor.viewer);
    const revoked = await this.audit.change(actor, { action: 'api-token.revoke', targetType: 'ApiToken', targetId: id }, async (tx) => {
      const existing = await apiTokenStore(tx).byId(id);
      if (!existing || (existing.userId !== viewer.userId && viewer.role !== 'admin')) throw new NotFoundError(`There is no API token with id ${id}.`);
      const revoked = await apiTokenStore(tx).revoke(id);
      if (!revoked) throw new NotFoundError(`The API token ${id} is already revoked.`);
      return revoked;
    });
    await this.notices.announce({ tokenId: id });
    return revoked;
  }

  /**
   * Exchanges a valid API token for a short-lived JWT. Its role is the token's, capped by the owner's
   * current role, so demoting a user also demotes their tokens.
   */
  async exchange(token: string): Promise<IssuedToken> {
    const refused = new UnauthenticatedError('The API token is not valid: it is unknown, revoked or expired.');
    const parsed = parse(token);
    if (!parsed) throw refused;
    const stored = await apiTokenStore(this.db).byId(parsed.id);
    const expected = Buffer.from(stored?.secretHash ?? hashSecret('unknown'), 'hex');
    const matches = timingSafeEqual(expected, Buffer.from(hashSecret(parsed.secret), 'hex'));
    if (!stored || !matches || stored.revokedAt || (stored.expiresAt && stored.expiresAt.getTime() <= Date.now())) throw refused;
    const owner = await userStore(this.db).byId(stored.userId);
    if (!owner || owner.disabledAt) throw refused;
    const role = roleAtLeast(owner.role, stored.role) ? stored.role : owner.role;
    await apiTokenStore(this.db).touch(stored.id);
    return this.issuer.issue({ userId: owner.id, email: owner.email, role }, { ttlSeconds: exchangedTokenSeconds, tokenId: stored.id });
  }
}
