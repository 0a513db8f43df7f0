/**
 * The error codes the registration endpoints answer: RFC 7591 §3.2.2 and RFC 7592 (plus RFC 6750's invalid_token),
 * and RFC 6749's `temporarily_unavailable` / `server_error` when a remote backend (Entra ID) fails.
 */
export type RegistrationErrorCode =
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'invalid_software_statement'
  | 'invalid_token'
  | 'invalid_request'
  | 'temporarily_unavailable'
  | 'server_error';

/**
 * A refusal of the registration endpoints, answered as RFC 7591 §3.2.2 JSON (`error`, `error_description`) with
 * its HTTP status. Its description is meant for the client's developer: it names the field, never a secret.
 */
export class RegistrationError extends Error {
  constructor(
    readonly status: 400 | 401 | 413 | 415 | 429 | 502 | 503,
    readonly code: RegistrationErrorCode,
    readonly description: string,
    /** Seconds for a Retry-After header (a rate limit's 429, a backend's 503). */
    readonly retryAfter?: number,
  ) {
    super(description);
    this.name = 'RegistrationError';
  }
}

export const invalidMetadata = (description: string) => new RegistrationError(400, 'invalid_client_metadata', description);
export const invalidRedirectUri = (description: string) => new RegistrationError(400, 'invalid_redirect_uri', description);
/** One answer for a missing, wrong or unknown registration access token and for an unknown client: existence is not revealed. */
export const invalidToken = () => new RegistrationError(401, 'invalid_token', 'The registration access token is missing, invalid or revoked.');
/** The backend could not be reached or failed transiently (token endpoint, Graph or Key Vault down, throttled, 5xx): retry later. */
export const backendUnavailable = (description: string) => new RegistrationError(503, 'temporarily_unavailable', description, 30);
/** The backend refused the gateway itself (its credentials or permissions): an operator must act, a retry will not help. */
export const backendRefused = (description: string) => new RegistrationError(502, 'server_error', description);
