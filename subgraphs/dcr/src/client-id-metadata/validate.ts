import { z } from 'zod';
import { RegistrationError } from '../registration/errors.ts';
import { metadataLimits, validateClientMetadata } from '../registration/metadata.ts';
import { ClientMetadataDocumentError } from './errors.ts';

/** A client of the authorization server known by its Client ID Metadata Document, once fetched and validated. */
export interface MetadataDocumentClient {
  /** The document's URL, as the client sent it. */
  clientId: string;
  /** '' when the document has none. */
  clientName: string;
  redirectUris: string[];
  grantTypes: string[];
  responseTypes: string[];
  applicationType: 'web' | 'native';
  clientUri: string | null;
  logoUri: string | null;
  policyUri: string | null;
  tosUri: string | null;
  scope: string | null;
}

const metadataDocumentScheme = 'https://';

/** Whether a client_id is meant as the URL of a Client ID Metadata Document (whether it is a valid one is resolve()'s to say). */
export function isMetadataDocumentClientId(clientId: string): boolean {
  return clientId.startsWith(metadataDocumentScheme);
}

/** Printable ASCII without the backslash (which URL parsers read as a slash): a URI as written, nothing a parser rewrites. */
const plainUriCharacters = /^[\x21-\x5B\x5D-\x7E]+$/;
/** A path segment that URL parsers resolve away: `.` and `..`, also percent-encoded. */
const dotSegment = /^(\.|%2e){1,2}$/i;

/**
 * Why a client_id is not a usable Client ID Metadata Document URL, or null (draft-ietf-oauth-client-id-metadata-document
 * §3): https, a host, a path other than `/`, no `.` or `..` segment, no fragment, no user name or password; at most
 * 2000 characters. Checked on the string as sent, since URL parsing would resolve dot segments and drop an empty
 * user name, and the document's client_id must equal that string.
 */
export function clientIdUrlProblem(clientId: string): string | null {
  if (clientId.length > metadataLimits.uriLength) return `must be at most ${metadataLimits.uriLength} characters`;
  if (!clientId.startsWith(metadataDocumentScheme)) return 'must be an https URL';
  if (!plainUriCharacters.test(clientId)) return 'must be a URL of printable ASCII characters, without spaces or backslashes';
  if (clientId.includes('#')) return 'must not contain a fragment';
  const rest = clientId.slice(metadataDocumentScheme.length);
  const authorityEnd = rest.search(/[/?]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  if (authority.includes('@')) return 'must not contain a user name or password';
  if (authority === '') return 'must name a host';
  const afterAuthority = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  const path = afterAuthority.split('?')[0] ?? '';
  if (path === '' || path === '/') return 'must have a path (a URL such as https://client.example.com/client-metadata.json)';
  if (path.split('/').some((segment) => dotSegment.test(segment))) return 'must not contain "." or ".." path segments';
  if (!URL.canParse(clientId)) return 'is not a valid URL';
  return null;
}

/** The client_id URL, parsed, or a ClientMetadataDocumentError saying why it is refused. */
export function clientIdUrl(clientId: string): URL {
  const problem = clientIdUrlProblem(clientId);
  if (problem) throw new ClientMetadataDocumentError(`client_id: a Client ID Metadata Document URL ${problem}.`);
  return new URL(clientId);
}

/** The authentication methods built on a secret shared with the authorization server, which a document cannot hold. */
const sharedSecretMethods = new Set(['client_secret_basic', 'client_secret_post', 'client_secret_jwt']);

function authMethodProblem(method: string): string {
  if (sharedSecretMethods.has(method)) return `"${method}" needs a shared secret, which a public metadata document cannot carry; use "none"`;
  if (method === 'private_key_jwt') return '"private_key_jwt" is not supported by this authorization server; use "none" (a public client with PKCE)';
  return `"${method.slice(0, 100)}" is not supported; use "none"`;
}

/**
 * What a metadata document adds to RFC 7591 client metadata (draft §4.1): its own URL as client_id, no client secret,
 * and no shared-secret authentication. The rest of the metadata is checked by the registration module's rules.
 */
const documentShape = z.object({
  client_id: z.string('must be the URL of this document'),
  client_secret: z.never('must not be present: a metadata document is public').optional(),
  client_secret_expires_at: z.never('must not be present: a metadata document is public').optional(),
  token_endpoint_auth_method: z
    .string('must be a string')
    .refine((method) => method === 'none', { error: (issue) => authMethodProblem(String(issue.input)) })
    .optional(),
  redirect_uris: z.unknown().refine((value) => value !== undefined && value !== null, 'is required'),
});

const invalidDocument = (description: string) => new ClientMetadataDocumentError(`The client metadata document is invalid: ${description}`);

/**
 * The client a fetched document describes, or a ClientMetadataDocumentError naming the field at fault. Fields this
 * server does not understand are ignored, as are software statements (none is trusted). Defaults as for registration:
 * grant_types [authorization_code], response_types [code], application_type web.
 */
export function validateMetadataDocument(document: unknown, clientId: string): MetadataDocumentClient {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalidDocument('it must be a JSON object.');
  const parsed = documentShape.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidDocument(`${String(issue.path[0] ?? 'document')}: ${issue.message}.`);
  }
  if (parsed.data.client_id !== clientId) {
    throw invalidDocument(`client_id: must equal the URL the document was fetched from (${clientId}), character for character.`);
  }
  const { software_statement: _ignored, ...metadata } = document as Record<string, unknown>;
  let validated: ReturnType<typeof validateClientMetadata>;
  try {
    validated = validateClientMetadata(metadata, 'none');
  } catch (error) {
    if (error instanceof RegistrationError) throw invalidDocument(error.description);
    throw error;
  }
  return {
    clientId,
    clientName: validated.client_name ?? '',
    redirectUris: validated.redirect_uris,
    grantTypes: validated.grant_types,
    responseTypes: validated.response_types,
    applicationType: validated.application_type,
    clientUri: validated.client_uri ?? null,
    logoUri: validated.logo_uri ?? null,
    policyUri: validated.policy_uri ?? null,
    tosUri: validated.tos_uri ?? null,
    scope: validated.scope ?? null,
  };
}
