import { emailAddress, emptyAsUndefined, readSettings, type AuditLog, type ServiceFactoryDeps } from '@mcp-portal/kit';
import { z } from 'zod';
import { signingKeyStore } from '../store/signing-keys.ts';
import { TokenIssuer } from './keys.ts';
import { UserService } from './users.ts';
import { AuditEventService } from './audit-events.ts';
import { LoginThrottle } from './login-throttle.ts';
import { ApiTokenService } from './api-tokens.ts';
import { AuditRetention } from './audit-retention.ts';
import { SessionService } from './sessions.ts';
import { RevocationNotices } from './revocation-notices.ts';
import { DeviceLoginService } from './device-login.ts';
import { OidcLogin } from './oidc-login.ts';
import { oidcSettingsShape, readOidcSettings } from './oidc-settings.ts';

export interface AuthServices {
  users: UserService;
  issuer: TokenIssuer;
  auditEvents: AuditEventService;
  apiTokens: ApiTokenService;
  auditRetention: AuditRetention;
  sessions: SessionService;
  deviceLogin: DeviceLoginService;
  /** Null unless an OIDC provider is configured. */
  oidc: OidcLogin | null;
  audit: AuditLog;
  /** Where the portal is reached, for links when a request does not say (MCP_PUBLIC_URL). */
  publicUrl: string;
  /** The admin account this start created, with its password when it was generated (shown once). */
  firstAdmin: { email: string; generatedPassword?: string } | null;
}

export const authSettings = {
  MCP_ADMIN_EMAIL: z.preprocess(emptyAsUndefined, emailAddress.default('admin@localhost')),
  MCP_ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8, 'use at least 8 characters').optional()),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(24 * 3600).default(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).max(90 * 24 * 3600).default(14 * 24 * 3600),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(15 * 60),
  MCP_PUBLIC_URL: oidcSettingsShape.MCP_PUBLIC_URL,
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
};

export async function createAuthServices({ database, events, logger, audit, counters, secrets }: ServiceFactoryDeps): Promise<AuthServices> {
  const settings = readSettings(authSettings);
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
  const oidcSettings = readOidcSettings();
  return {
    users,
    issuer,
    auditEvents: new AuditEventService(database.db),
    apiTokens,
    auditRetention,
    sessions,
    deviceLogin: new DeviceLoginService(database.db, audit, secrets, apiTokens, counters),
    oidc: oidcSettings ? new OidcLogin(oidcSettings, database.db, audit, secrets, sessions, logger) : null,
    audit,
    publicUrl: new URL(settings.MCP_PUBLIC_URL).origin,
    firstAdmin,
  };
}
