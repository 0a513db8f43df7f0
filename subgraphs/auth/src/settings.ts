import { emailAddress, emptyAsUndefined, readSettings, type Environment } from '@mcp-portal/kit';
import { z } from 'zod';
import { oidcSettingsShape, readOidcSettings, type OidcSettings } from './services/oidc-settings.ts';

/** The auth subgraph's variables (see the README's configuration table). */
export const authSettings = {
  MCP_ADMIN_EMAIL: z.preprocess(emptyAsUndefined, emailAddress.default('admin@localhost')),
  MCP_ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8, 'use at least 8 characters').optional()),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(24 * 3600)
    .default(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .max(90 * 24 * 3600)
    .default(14 * 24 * 3600),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60),
  MCP_PUBLIC_URL: oidcSettingsShape.MCP_PUBLIC_URL,
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
  DEVICE_LOGIN_POLL_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
};

export type AuthSettings = z.infer<z.ZodObject<typeof authSettings>> & {
  /** Null unless an OIDC provider is configured. */
  oidc: OidcSettings | null;
};

/** Parsed once by whoever starts the subgraph; a bad value throws a ConfigError naming the variable. */
export function readAuthSettings(env: Environment): AuthSettings {
  return { ...readSettings(authSettings, env), oidc: readOidcSettings(env) };
}
