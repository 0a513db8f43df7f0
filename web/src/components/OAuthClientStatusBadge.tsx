/** A registered OAuth client's status: ACTIVE, or REVOKED (with when, on hover) once an admin revoked it. */
export function OAuthClientStatusBadge({ revokedAt, testId }: { revokedAt: string | null; testId: string }) {
  const status = revokedAt ? 'revoked' : 'active';
  return (
    <span
      className={`badge badge--${revokedAt ? 'stopped' : 'running'}`}
      data-testid={testId}
      data-status={status}
      title={revokedAt ? `Revoked ${new Date(revokedAt).toLocaleString()}` : undefined}
    >
      {status.toUpperCase()}
    </span>
  );
}
