import { z } from 'zod';
import { allowHostsSettingNamed, emptyAsUndefined, readSettings, type AllowedHosts, type Environment, type HostResolver } from '@mcp-portal/kit';

/** A client registered by hand at an authorization server that offers neither CIMD nor dynamic registration. */
export interface PreRegisteredClient {
  issuer: string;
  clientId: string;
  clientSecret?: string;
}

/** What the platform's OAuth client towards remote MCP servers needs (issue 13), parsed from MCP_OAUTH_*. */
export interface UpstreamOAuthSettings {
  /** Where the authorization servers send the user's browser back (the portal's callback page). */
  redirectUrl: string;
  /** The platform's Client ID Metadata Document (https only), or null: no CIMD. */
  clientMetadataUrl: string | null;
  /** Shown by authorization servers on their consent pages (client_name). */
  clientName: string;
  clients: PreRegisteredClient[];
  /** Authorization servers (and remote MCP servers) allowed on loopback, private or link-local addresses. */
  allowHosts: AllowedHosts;
  /** How host names are resolved for the address guard (the system's resolver unless a test passes its own). */
  resolve?: HostResolver;
  /** How long an authorization started may be completed (its `state`). */
  stateTtlMs: number;
  /** A token that expires within this is refreshed before it is used. */
  refreshSkewMs: number;
  /** How many 403 insufficient_scope step-ups a connection may ask for before it is FAILED. */
  stepUpLimit: number;
  /**
   * Issuers whose authorization servers offer no RFC 7591 registration: the platform's client is registered at them
   * through the DCR bridge (MCP_OAUTH_BRIDGE_ISSUERS; the dcr subgraph adds its Entra tenant's v2.0 issuer when
   * MCP_DCR_BACKEND=azure). Unset or empty: none.
   */
  bridgeIssuers?: string[];
  /** The platform's public URL (MCP_PUBLIC_URL), where the bridge's registration endpoint (`/register`) is. */
  publicUrl?: string;
}

const preRegisteredClients = z
  .preprocess(
    (value) => {
      if (value === undefined || value === '') return [];
      try {
        return JSON.parse(String(value)) as unknown;
      } catch {
        return value;
      }
    },
    z.array(
      z.strictObject({
        issuer: z.string().url(),
        client_id: z.string().min(1),
        client_secret: z.string().min(1).optional(),
      }),
      { error: 'a JSON list of {"issuer", "client_id", "client_secret"?}' },
    ),
  )
  .transform((list) =>
    list.map(({ issuer, client_id, client_secret }) => ({ issuer, clientId: client_id, ...(client_secret ? { clientSecret: client_secret } : {}) })),
  );

const seconds = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(fallback));

/** The variables (zod), for a subgraph that reads them with its own: spread into its settings shape. */
export const upstreamOAuthSettingsShape = {
  MCP_PUBLIC_URL: z.preprocess(emptyAsUndefined, z.string().url().default('http://127.0.0.1:4000')),
  MCP_OAUTH_REDIRECT_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
  /** `none` turns CIMD off even with an https MCP_PUBLIC_URL. */
  MCP_OAUTH_CLIENT_METADATA_URL: z.preprocess(
    emptyAsUndefined,
    z
      .union([z.literal('none'), z.string().url()])
      .optional()
      .refine((value) => value === undefined || value === 'none' || new URL(value).protocol === 'https:', 'a Client ID Metadata Document URL must be https'),
  ),
  MCP_OAUTH_CLIENT_NAME: z.preprocess(emptyAsUndefined, z.string().default('MCP Portal')),
  MCP_OAUTH_CLIENTS: preRegisteredClients,
  MCP_OAUTH_ALLOW_HOSTS: allowHostsSettingNamed('MCP_OAUTH_ALLOW_HOSTS'),
  MCP_OAUTH_STATE_TTL_SECONDS: seconds(600),
  MCP_OAUTH_REFRESH_SKEW_SECONDS: seconds(60),
  MCP_OAUTH_STEP_UP_LIMIT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(2)),
  /** Comma-separated issuers (URLs) whose clients are registered through the DCR bridge. */
  MCP_OAUTH_BRIDGE_ISSUERS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((issuer) => issuer.trim())
          .filter((issuer) => issuer.length > 0),
      )
      .refine((issuers) => issuers.every((issuer) => URL.canParse(issuer)), 'a comma-separated list of issuer URLs'),
  ),
};

export type UpstreamOAuthVariables = z.infer<z.ZodObject<typeof upstreamOAuthSettingsShape>>;

/** The settings from the variables once parsed (upstreamOAuthSettingsShape). */
export function upstreamOAuthSettingsFrom(variables: UpstreamOAuthVariables): UpstreamOAuthSettings {
  const publicUrl = new URL(variables.MCP_PUBLIC_URL);
  const metadataUrl = variables.MCP_OAUTH_CLIENT_METADATA_URL;
  return {
    redirectUrl: variables.MCP_OAUTH_REDIRECT_URL ?? new URL('/oauth/callback', publicUrl).toString(),
    clientMetadataUrl:
      metadataUrl === 'none' ? null : (metadataUrl ?? (publicUrl.protocol === 'https:' ? new URL('/oauth/client-metadata.json', publicUrl).toString() : null)),
    clientName: variables.MCP_OAUTH_CLIENT_NAME,
    clients: variables.MCP_OAUTH_CLIENTS,
    allowHosts: variables.MCP_OAUTH_ALLOW_HOSTS,
    stateTtlMs: variables.MCP_OAUTH_STATE_TTL_SECONDS * 1000,
    refreshSkewMs: variables.MCP_OAUTH_REFRESH_SKEW_SECONDS * 1000,
    stepUpLimit: variables.MCP_OAUTH_STEP_UP_LIMIT,
    bridgeIssuers: variables.MCP_OAUTH_BRIDGE_ISSUERS,
    publicUrl: publicUrl.origin,
  };
}

/** Parses MCP_OAUTH_* (and MCP_PUBLIC_URL) from `env`; a bad value throws a ConfigError naming it. */
export function readUpstreamOAuthSettings(env: Environment): UpstreamOAuthSettings {
  return upstreamOAuthSettingsFrom(readSettings(upstreamOAuthSettingsShape, env));
}
