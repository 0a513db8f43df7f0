import { InternalRequestKey, type AuditLog, type ServiceFactoryDeps } from '@mcp-portal/kit';
import type { AuthSettings } from '../settings.ts';
import { signingKeyStore } from '../store/signing-keys.ts';
import { TokenIssuer } from './keys.ts';
import { UserService } from './users.ts';
import { AuditEventService } from './audit-events.ts';
import { ToolCallActivityService } from './tool-call-activity.ts';
import { LoginThrottle } from './login-throttle.ts';
import { ApiTokenService } from './api-tokens.ts';
import { AuditRetention } from './audit-retention.ts';
import { SessionService } from './sessions.ts';
import { RevocationNotices } from './revocation-notices.ts';
import { DeviceLoginService } from './device-login.ts';
import { OidcLogin } from './oidc-login.ts';

export interface AuthServices {
  users: UserService;
  issuer: TokenIssuer;
  auditEvents: AuditEventService;
  toolCallActivity: ToolCallActivityService;
  apiTokens: ApiTokenService;
  auditRetention: AuditRetention;
  sessions: SessionService;
  deviceLogin: DeviceLoginService;
  /** Null unless an OIDC provider is configured. */
  oidc: OidcLogin | null;
  audit: AuditLog;
  /** Verifies the requests other processes of this deployment sign (the dcr subgraph asking for a client's access token). */
  internalKey: InternalRequestKey;
  /** Where the portal is reached, for links when a request does not say (MCP_PUBLIC_URL). */
  publicUrl: string;
  /** The admin account this start created, with its password when it was generated (shown once). */
  firstAdmin: { email: string; generatedPassword?: string } | null;
}

export async function createAuthServices(
  { database, events, logger, audit, counters, secrets }: ServiceFactoryDeps,
  settings: AuthSettings,
): Promise<AuthServices> {
  const issuer = await TokenIssuer.load(signingKeyStore(database.db), settings.JWT_TTL_SECONDS, secrets);
  const throttle = new LoginThrottle(counters, {
    failuresPerAccount: settings.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    failuresPerAddress: settings.LOGIN_MAX_FAILURES_PER_ADDRESS,
    windowSeconds: settings.LOGIN_THROTTLE_WINDOW_SECONDS,
  });
  const sessions = new SessionService(database.db, audit, issuer, settings.REFRESH_TOKEN_TTL_SECONDS);
  sessions.startPurging((error) => logger.warn({ err: error }, 'could not purge expired refresh tokens'));
  const notices = new RevocationNotices(events, logger);
  const users = new UserService(database.db, audit, sessions, throttle, logger, notices);
  const firstAdmin = await users.ensureFirstAdmin({ email: settings.MCP_ADMIN_EMAIL, password: settings.MCP_ADMIN_PASSWORD });
  const auditRetention = new AuditRetention(database.db, audit, settings.AUDIT_RETENTION_DAYS, logger);
  auditRetention.start();
  const apiTokens = new ApiTokenService(database.db, audit, issuer, notices);
  return {
    users,
    issuer,
    auditEvents: new AuditEventService(database.db),
    toolCallActivity: new ToolCallActivityService(database.db),
    apiTokens,
    auditRetention,
    sessions,
    deviceLogin: new DeviceLoginService(database.db, audit, secrets, apiTokens, counters, settings.DEVICE_LOGIN_POLL_INTERVAL_SECONDS),
    oidc: settings.oidc ? new OidcLogin(settings.oidc, database.db, audit, secrets, sessions, logger) : null,
    audit,
    internalKey: InternalRequestKey.from(secrets),
    publicUrl: new URL(settings.MCP_PUBLIC_URL).origin,
    firstAdmin,
  };
}
