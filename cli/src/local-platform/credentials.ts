/**
 * The local platform's one-time credentials: an operator API token per CLI attachment, minted in the platform's
 * own process through the auth subgraph's services (audited like any token), handed over the control socket
 * only, never written anywhere, and revoked when the attachment ends. Tokens a crashed launcher left behind are
 * revoked at the next start.
 */
import { randomUUID } from 'node:crypto';
import type { AuditActor, Viewer } from '@mcp-portal/kit';
import type { AuthServices } from '@mcp-portal/auth';

/** Every token minted here is named so, to find the leftovers of an earlier run. */
export const LOCAL_TOKEN_NAME = 'docker mcp gateway run (local platform)';
/** An attachment outliving this needs a new `gateway run`; it is revoked at the end anyway. */
const TOKEN_LIFETIME_MS = 30 * 86_400_000;

export interface LocalCredential {
  token: string;
  revoke(): Promise<void>;
}

export class LocalCredentials {
  private constructor(
    private readonly auth: AuthServices,
    private readonly owner: Viewer,
  ) {}

  /** On behalf of the first admin (MCP_ADMIN_EMAIL's account when it is one). */
  static async forFirstAdmin(auth: AuthServices, preferredEmail: string | undefined): Promise<LocalCredentials> {
    const admins = (await auth.users.list()).filter((user) => user.role === 'admin' && !user.disabledAt);
    admins.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const admin = admins.find((user) => user.email === preferredEmail?.trim().toLowerCase()) ?? admins[0];
    if (!admin) throw new Error('The local platform has no active admin account to act for.');
    return new LocalCredentials(auth, { userId: admin.id, email: admin.email, role: 'admin' });
  }

  get ownerEmail(): string {
    return this.owner.email;
  }

  private actor(): AuditActor {
    return { viewer: this.owner, requestId: `local-platform-${randomUUID()}`, sourceIp: '127.0.0.1' };
  }

  async mint(): Promise<LocalCredential> {
    const created = await this.auth.apiTokens.create(LOCAL_TOKEN_NAME, 'operator', new Date(Date.now() + TOKEN_LIFETIME_MS), this.actor());
    let revoked = false;
    return {
      token: created.token,
      revoke: async () => {
        if (revoked) return;
        revoked = true;
        await this.auth.apiTokens.revoke(created.apiToken.id, this.actor());
      },
    };
  }

  /** Revokes the tokens an earlier launcher minted and did not revoke (it was killed); returns how many. */
  async revokeLeftovers(): Promise<number> {
    const actor = this.actor();
    const leftovers = (await this.auth.apiTokens.list(actor)).filter(
      (token) => token.name === LOCAL_TOKEN_NAME && !token.revokedAt && (!token.expiresAt || token.expiresAt.getTime() > Date.now()),
    );
    for (const token of leftovers) await this.auth.apiTokens.revoke(token.id, actor);
    return leftovers.length;
  }
}
