import { oidcPaths } from '@mcp-portal/schema/contract';
import { z } from 'zod';
import { emptyAsUndefined, optionalString, optionalUrl, readSettings, type Environment } from '@mcp-portal/kit';
import { roles, type Role } from '@mcp-portal/schema';

/** `MCP.Admin=admin,MCP.Operator=operator` → claim value → role. */
const roleMap = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .default('admin=admin,operator=operator,viewer=viewer')
    .transform((text, ctx) => {
      const map = new Map<string, Role>();
      for (const pair of text
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [value, role] = pair.split('=').map((p) => p.trim());
        if (!value || !role || !(roles as readonly string[]).includes(role)) {
          ctx.addIssue({ code: 'custom', message: `"${pair}" is not claim-value=role with a role of ${roles.join(', ')}` });
          return z.NEVER;
        }
        map.set(value, role as Role);
      }
      return map;
    }),
);

export const oidcSettingsShape = {
  /** Full issuer URL; for Entra ID built from OIDC_TENANT_ID when unset. */
  OIDC_ISSUER_URL: optionalUrl,
  OIDC_TENANT_ID: optionalString,
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_REDIRECT_URL: optionalUrl,
  OIDC_SCOPES: z.string().default('openid profile email'),
  OIDC_DISPLAY_NAME: optionalString,
  OIDC_ROLE_CLAIM: z.string().default('roles'),
  OIDC_ROLE_MAP: roleMap,
  /** The role of a user whose token maps to none; `none` refuses them. */
  OIDC_DEFAULT_ROLE: z.enum([...roles, 'none']).default('viewer'),
  /** Lets a first Microsoft sign-in take over an existing local account with the same email. */
  OIDC_LINK_BY_EMAIL: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')).transform((v) => v === 'true'),
  MCP_PUBLIC_URL: z.preprocess(emptyAsUndefined, z.string().url().default('http://127.0.0.1:4000')),
};

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  redirectUrl: URL;
  scopes: string;
  displayName: string;
  roleClaim: string;
  roleMap: Map<string, Role>;
  defaultRole: Role | null;
  linkByEmail: boolean;
}

/** Null when OIDC is not configured (local accounts only). Half a configuration is an error. */
export function readOidcSettings(env: Environment): OidcSettings | null {
  const s = readSettings(oidcSettingsShape, env);
  const issuer = s.OIDC_ISSUER_URL ?? (s.OIDC_TENANT_ID ? `https://login.microsoftonline.com/${encodeURIComponent(s.OIDC_TENANT_ID)}/v2.0` : undefined);
  if (!issuer && !s.OIDC_CLIENT_ID) return null;
  if (!issuer || !s.OIDC_CLIENT_ID) {
    readSettings(
      {
        OIDC_CLIENT_ID: z.string({ error: 'required with OIDC_ISSUER_URL or OIDC_TENANT_ID' }),
        OIDC_ISSUER_URL: z.string({ error: 'set OIDC_ISSUER_URL or OIDC_TENANT_ID with OIDC_CLIENT_ID' }),
      },
      {
        OIDC_CLIENT_ID: s.OIDC_CLIENT_ID,
        OIDC_ISSUER_URL: issuer,
      },
    );
  }
  const issuerUrl = new URL(issuer as string);
  return {
    issuer: issuerUrl,
    clientId: s.OIDC_CLIENT_ID as string,
    clientSecret: s.OIDC_CLIENT_SECRET,
    redirectUrl: new URL(s.OIDC_REDIRECT_URL ?? new URL(oidcPaths.callback, s.MCP_PUBLIC_URL).toString()),
    scopes: s.OIDC_SCOPES,
    displayName: s.OIDC_DISPLAY_NAME ?? (issuerUrl.hostname === 'login.microsoftonline.com' ? 'Microsoft' : 'single sign-on'),
    roleClaim: s.OIDC_ROLE_CLAIM,
    roleMap: s.OIDC_ROLE_MAP,
    defaultRole: s.OIDC_DEFAULT_ROLE === 'none' ? null : s.OIDC_DEFAULT_ROLE,
    linkByEmail: s.OIDC_LINK_BY_EMAIL,
  };
}
