import { createHash, randomBytes, randomInt } from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  requireViewer,
  TooManyRequestsError,
  type AuditActor,
  type AuditLog,
  type CounterStore,
  type Database,
  type SecretBox,
} from '@mcp-portal/kit';
import { deviceAuthorizationStore, type DeviceAuthorizationRow } from '../store/device-authorizations.ts';
import type { ApiTokenService } from './api-tokens.ts';

/** No vowels (no words by accident) and no look-alikes (0/O, 1/I). */
const userCodeAlphabet = 'BCDFGHJKLMNPQRSTVWXZ';
export const deviceCodeLifetimeSeconds = 600;
const tokenLifetimeDays = 90;
/** Unauthenticated callers may start this many sign-ins per address in the window. */
const codesPerAddress = 30;
const codeWindowSeconds = 15 * 60;

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');
const sealContext = (id: string) => `auth.device_authorizations:${id}`;

export function normalizeUserCode(input: string): string {
  const letters = input.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : input.trim().toUpperCase();
}

function newUserCode(): string {
  const letters = Array.from({ length: 8 }, () => userCodeAlphabet[randomInt(userCodeAlphabet.length)]).join('');
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  expiresIn: number;
  interval: number;
}

/** RFC 8628 §3.5 answers while polling, and the token once approved. */
export type DevicePoll =
  | { status: 'authorization_pending' | 'slow_down' | 'access_denied' | 'expired_token' | 'invalid_grant' }
  | { status: 'approved'; token: string; apiTokenId: string };

/**
 * Device-style sign-in for the CLI (RFC 8628 shape): the CLI asks for a device code and shows the short
 * user code; a signed-in user approves it in the portal, which mints an API token of their role for the
 * CLI. The token waits sealed under the master key until the CLI's next poll takes it, once.
 */
export class DeviceLoginService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly secrets: SecretBox,
    private readonly apiTokens: ApiTokenService,
    private readonly counters: CounterStore,
    /** RFC 8628 §3.2 `interval`: the seconds the CLI waits between polls (DEVICE_LOGIN_POLL_INTERVAL_SECONDS). */
    private readonly pollIntervalSeconds: number,
  ) {}

  async request(clientName: string, sourceIp: string | null): Promise<DeviceCode> {
    if (sourceIp) {
      const { count, resetInSeconds } = await this.counters.increment(`device-codes:address:${sourceIp}`, codeWindowSeconds);
      if (count > codesPerAddress)
        throw new TooManyRequestsError(`Too many sign-in codes requested: try again in ${Math.max(1, Math.ceil(resetInSeconds / 60))} minutes.`);
    }
    const store = deviceAuthorizationStore(this.db);
    await store.deleteExpired();
    const deviceCode = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + deviceCodeLifetimeSeconds * 1000);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const userCode = newUserCode();
      const row = await store.insert({ deviceCodeHash: hashCode(deviceCode), userCode, clientName, expiresAt });
      if (row) return { deviceCode, userCode, expiresIn: deviceCodeLifetimeSeconds, interval: this.pollIntervalSeconds };
    }
    throw new Error('Could not pick a free user code.');
  }

  /** What the portal shows before the user approves: which client asks, and until when. */
  async pending(userCode: string): Promise<DeviceAuthorizationRow | null> {
    const row = await deviceAuthorizationStore(this.db).byUserCode(normalizeUserCode(userCode));
    return row && row.status === 'pending' && row.expiresAt.getTime() > Date.now() ? row : null;
  }

  async approve(userCode: string, actor: AuditActor): Promise<DeviceAuthorizationRow> {
    const owner = requireViewer(actor.viewer);
    const code = normalizeUserCode(userCode);
    const entry = { action: 'api-token.create', targetType: 'ApiToken', detail: { via: 'device-login', userCode: code } };
    return this.audit.change(
      actor,
      (row: DeviceAuthorizationRow) => ({
        ...entry,
        targetId: row.apiTokenId,
        detail: { ...entry.detail, name: `docker mcp login: ${row.clientName}`, role: owner.role },
      }),
      async (tx) => {
        const store = deviceAuthorizationStore(tx);
        const row = await this.pendingForUpdate(tx, code);
        const name = `docker mcp login: ${row.clientName}`;
        const expiresAt = new Date(Date.now() + tokenLifetimeDays * 86_400_000);
        const created = await this.apiTokens.mint(tx, { owner, name, role: owner.role, expiresAt });
        const sealedToken = this.secrets.seal(created.token, sealContext(row.id));
        await store.approve(row.id, { userId: owner.userId, apiTokenId: created.apiToken.id, sealedToken });
        return { ...row, status: 'approved' as const, userId: owner.userId, apiTokenId: created.apiToken.id };
      },
    );
  }

  async deny(userCode: string, actor: AuditActor): Promise<void> {
    const viewer = requireViewer(actor.viewer);
    const code = normalizeUserCode(userCode);
    await this.audit.change(actor, { action: 'device-login.deny', targetType: 'DeviceAuthorization', detail: { userCode: code } }, async (tx) => {
      const row = await this.pendingForUpdate(tx, code);
      await deviceAuthorizationStore(tx).deny(row.id, viewer.userId);
    });
  }

  /** The CLI's poll; the token is handed out once and erased. */
  async poll(deviceCode: string): Promise<DevicePoll> {
    return this.db.transaction(async (txDb) => {
      const tx = txDb as unknown as Database;
      const store = deviceAuthorizationStore(tx);
      const row = await store.byDeviceCodeForUpdate(hashCode(deviceCode));
      if (!row) return { status: 'invalid_grant' };
      const now = new Date();
      if (row.expiresAt.getTime() <= now.getTime()) {
        await store.delete(row.id);
        return { status: 'expired_token' };
      }
      if (row.status === 'denied') {
        await store.delete(row.id);
        return { status: 'access_denied' };
      }
      if (row.status === 'approved' && row.sealedToken && row.apiTokenId) {
        const token = this.secrets.open(row.sealedToken, sealContext(row.id));
        await store.delete(row.id);
        return { status: 'approved', token, apiTokenId: row.apiTokenId };
      }
      const tooSoon = row.lastPolledAt && now.getTime() - row.lastPolledAt.getTime() < (this.pollIntervalSeconds - 1) * 1000;
      await store.polled(row.id, now);
      return { status: tooSoon ? 'slow_down' : 'authorization_pending' };
    });
  }

  private async pendingForUpdate(tx: Database, userCode: string): Promise<DeviceAuthorizationRow> {
    const row = await deviceAuthorizationStore(tx).byUserCodeForUpdate(userCode);
    if (!row || row.expiresAt.getTime() <= Date.now()) throw new NotFoundError(`The code ${userCode} is unknown or has expired: run docker mcp login again.`);
    if (row.status !== 'pending') throw new ConflictError(`The code ${userCode} was already ${row.status}.`);
    return row;
  }
}
