/** The error codes of RFC 7591 §3.2.2 and RFC 7592 (plus RFC 6750's invalid_token) that the registration endpoints answer. */
export type RegistrationErrorCode = 'invalid_redirect_uri' | 'invalid_client_metadata' | 'invalid_software_statement' | 'invalid_token' | 'invalid_request';

/**
 * A refusal of the registration endpoints, answered as RFC 7591 §3.2.2 JSON (`error`, `error_description`) with
 * its HTTP status. Its description is meant for the client's developer: it names the field, never a secret.
 */
export class RegistrationError extends Error {
  constructor(
    readonly status: 400 | 401 | 413 | 415 | 429,
    readonly code: RegistrationErrorCode,
    readonly description: string,
    /** Seconds for a Retry-After header (a rate limit's 429). */
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
