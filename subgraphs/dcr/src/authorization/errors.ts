/** The error codes of the authorization and token endpoints (RFC 6749 §4.1.2.1, §5.2; RFC 8707's invalid_target). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'access_denied'
  | 'server_error'
  | 'temporarily_unavailable';

/**
 * A refusal of the platform's authorization server, answered as RFC 6749 JSON (`error`, `error_description`) or,
 * from the authorization endpoint, on the client's redirect URI. The description is for the client's developer.
 */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly status: 400 | 401 | 429 | 503 = code === 'invalid_client' ? 401 : code === 'temporarily_unavailable' ? 503 : 400,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

export const invalidRequest = (description: string) => new OAuthError('invalid_request', description);
export const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);
export const invalidClient = (description = 'Client authentication failed (unknown client, wrong secret or wrong method).') =>
  new OAuthError('invalid_client', description);
