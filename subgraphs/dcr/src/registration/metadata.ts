import { z } from 'zod';
import { dcrTables } from '@mcp-portal/schema';
import { invalidMetadata, invalidRedirectUri, RegistrationError } from './errors.ts';

const { oauthClientApplicationTypes, oauthClientAuthMethods } = dcrTables;
type OAuthClientApplicationType = dcrTables.OAuthClientApplicationType;
type OAuthClientAuthMethod = dcrTables.OAuthClientAuthMethod;

/** Bounds of what a client may register: what no honest client needs more of. */
export const metadataLimits = {
  redirectUris: 20,
  uriLength: 2000,
  nameLength: 200,
  scopeLength: 1000,
  softwareLength: 200,
} as const;

export const supportedGrantTypes = ['authorization_code', 'refresh_token'] as const;
export const supportedResponseTypes = ['code'] as const;

/** The client metadata this server accepts and keeps (RFC 7591 §2), once validated; names as on the wire. */
export interface ClientMetadata {
  redirect_uris: string[];
  token_endpoint_auth_method: OAuthClientAuthMethod;
  grant_types: string[];
  response_types: string[];
  application_type: OAuthClientApplicationType;
  client_name?: string;
  client_uri?: string;
  logo_uri?: string;
  policy_uri?: string;
  tos_uri?: string;
  scope?: string;
  software_id?: string;
  software_version?: string;
}

/** Schemes never accepted anywhere, whatever the application type (script, inline content, local files). */
const forbiddenSchemes = new Set(['javascript', 'data', 'file', 'vbscript', 'blob', 'about', 'filesystem']);
/** The hosts on which plain http redirect URIs are accepted (RFC 8252 §7.3; `localhost` kept for the tools that use it). */
const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Why a redirect URI is refused, or null when it is accepted:
 * - no fragment, no credentials, never `javascript:`, `data:`, `file:` and the like;
 * - `https` for any host; `http` only on a loopback host (127.0.0.1, [::1], localhost) — native apps (RFC 8252
 *   §7.3) and local development;
 * - a private-use scheme only for `native` clients, and only a reverse domain name (RFC 8252 §7.1: it contains a
 *   period, e.g. `com.example.app:/callback`).
 */
export function redirectUriProblem(raw: string, applicationType: OAuthClientApplicationType): string | null {
  if (raw.length > metadataLimits.uriLength) return `must be at most ${metadataLimits.uriLength} characters`;
  if (raw.includes('#')) return 'must not contain a fragment';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URI';
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (forbiddenSchemes.has(scheme)) return `the scheme "${scheme}:" is not allowed`;
  if (url.username || url.password) return 'must not contain credentials';
  if (scheme === 'https') return url.hostname ? null : 'must name a host';
  if (scheme === 'http') {
    return loopbackHosts.has(url.hostname.toLowerCase()) ? null : 'http is allowed only on loopback hosts (127.0.0.1, [::1], localhost); use https';
  }
  if (applicationType !== 'native') return `the scheme "${scheme}:" is allowed for native clients only (application_type "native")`;
  if (!scheme.includes('.')) return `a private-use scheme must be a reverse domain name such as "com.example.app" (RFC 8252 §7.1)`;
  return null;
}

const boundedText = (max: number) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Informational URIs shown to users (client, logo, policy, terms): https only. */
const httpsUri = z
  .string()
  .max(metadataLimits.uriLength, `must be at most ${metadataLimits.uriLength} characters`)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && !url.username && !url.password && !value.includes('#');
    } catch {
      return false;
    }
  }, 'must be an https URL without credentials or fragment');

/** RFC 6749 §3.3: space-separated scope tokens of printable ASCII except `"` and `\`. */
const scopePattern = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

const shape = z.object({
  redirect_uris: z
    .array(z.string('must be a list of strings'), 'must be a list of URIs')
    .min(1, 'must list at least one URI')
    .max(metadataLimits.redirectUris, `must list at most ${metadataLimits.redirectUris} URIs`),
  token_endpoint_auth_method: z.enum(oauthClientAuthMethods, `must be one of ${oauthClientAuthMethods.join(', ')}`).optional(),
  grant_types: z.array(z.string('must be a list of strings'), 'must be a list of strings').max(10, 'lists too many values').optional(),
  response_types: z.array(z.string('must be a list of strings'), 'must be a list of strings').max(10, 'lists too many values').optional(),
  application_type: z.enum(oauthClientApplicationTypes, `must be one of ${oauthClientApplicationTypes.join(', ')}`).optional(),
  client_name: boundedText(metadataLimits.nameLength).optional(),
  client_uri: httpsUri.optional(),
  logo_uri: httpsUri.optional(),
  policy_uri: httpsUri.optional(),
  tos_uri: httpsUri.optional(),
  scope: z
    .string()
    .max(metadataLimits.scopeLength, `must be at most ${metadataLimits.scopeLength} characters`)
    .regex(scopePattern, 'must be space-separated scope tokens')
    .optional(),
  software_id: boundedText(metadataLimits.softwareLength).optional(),
  software_version: boundedText(metadataLimits.softwareLength).optional(),
});

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function subset(field: string, values: string[], supported: readonly string[]): string[] {
  const unique = [...new Set(values)];
  const unknown = unique.find((value) => !supported.includes(value));
  if (unknown !== undefined) throw invalidMetadata(`${field}: "${unknown.slice(0, 100)}" is not supported (supported: ${supported.join(', ')}).`);
  return unique;
}

/**
 * The client metadata of a registration (RFC 7591 §2) or of an update (RFC 7592 §2.2: the whole metadata again),
 * validated; throws a RegistrationError (invalid_redirect_uri, invalid_client_metadata naming the field, or
 * invalid_software_statement) otherwise. Fields this server does not understand are ignored (RFC 7591 §2), and a
 * null value counts as absent. Defaults: grant_types [authorization_code], response_types [code],
 * token_endpoint_auth_method `fallbackAuthMethod` (RFC 7591's client_secret_basic), application_type web.
 * Software statements are not accepted (no trusted issuer is configured): their presence is refused.
 */
export function validateClientMetadata(input: unknown, fallbackAuthMethod: OAuthClientAuthMethod = 'client_secret_basic'): ClientMetadata {
  if (!isPlainObject(input)) throw invalidMetadata('The request body must be a JSON object of client metadata.');
  const present = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null));
  if ('software_statement' in present) {
    throw new RegistrationError(
      400,
      'invalid_software_statement',
      'software_statement: software statements are not accepted by this server; register without one.',
    );
  }
  const parsed = shape.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'metadata');
    const where = issue.path.length > 1 ? `${field}[${String(issue.path[1])}]` : field;
    const description = `${where}: ${issue.message}.`;
    throw field === 'redirect_uris' ? invalidRedirectUri(description) : invalidMetadata(description);
  }
  const metadata = parsed.data;
  const applicationType = metadata.application_type ?? 'web';
  metadata.redirect_uris.forEach((uri, index) => {
    const problem = redirectUriProblem(uri, applicationType);
    if (problem) throw invalidRedirectUri(`redirect_uris[${index}]: ${problem}.`);
  });
  const grantTypes = subset('grant_types', metadata.grant_types ?? ['authorization_code'], supportedGrantTypes);
  const responseTypes = subset('response_types', metadata.response_types ?? ['code'], supportedResponseTypes);
  if (!grantTypes.includes('authorization_code')) throw invalidMetadata('grant_types: must include authorization_code (the only flow this server offers).');
  if (!responseTypes.includes('code')) {
    throw invalidMetadata('response_types: must include "code", which the authorization_code grant type needs (RFC 7591 §2.1).');
  }
  const { redirect_uris, client_name, client_uri, logo_uri, policy_uri, tos_uri, scope, software_id, software_version } = metadata;
  return {
    redirect_uris: [...new Set(redirect_uris)],
    token_endpoint_auth_method: metadata.token_endpoint_auth_method ?? fallbackAuthMethod,
    grant_types: grantTypes,
    response_types: responseTypes,
    application_type: applicationType,
    ...(client_name !== undefined ? { client_name } : {}),
    ...(client_uri !== undefined ? { client_uri } : {}),
    ...(logo_uri !== undefined ? { logo_uri } : {}),
    ...(policy_uri !== undefined ? { policy_uri } : {}),
    ...(tos_uri !== undefined ? { tos_uri } : {}),
    ...(scope !== undefined ? { scope } : {}),
    ...(software_id !== undefined ? { software_id } : {}),
    ...(software_version !== undefined ? { software_version } : {}),
  };
}
