import type { OAuthConnectionStatus } from '../graphql/oauth-hooks.ts';

const tone: Record<OAuthConnectionStatus, string> = {
  AUTHORIZED: 'running',
  NEEDS_AUTHORIZATION: 'warning',
  EXPIRED: 'warning',
  REVOKED: 'stopped',
  FAILED: 'error',
};

const label: Record<OAuthConnectionStatus, string> = {
  AUTHORIZED: 'AUTHORIZED',
  NEEDS_AUTHORIZATION: 'NEEDS AUTHORIZATION',
  EXPIRED: 'EXPIRED',
  REVOKED: 'REVOKED',
  FAILED: 'FAILED',
};

/** An OAuth connection's status; `data-status` carries the API's value. */
export function OAuthStatusBadge({ status, testId, detail }: { status: OAuthConnectionStatus; testId: string; detail?: string | null }) {
  return (
    <span className={`badge badge--${tone[status] ?? 'stopped'}`} data-testid={testId} data-status={status} title={detail ?? undefined}>
      {label[status] ?? status}
    </span>
  );
}

/** Whether "Authorize" is what the connection needs (it is not, while it works). */
export function needsAuthorization(status: OAuthConnectionStatus): boolean {
  return status !== 'AUTHORIZED';
}
