/** The scopes an OAuth connection holds, or says that none was asked for. */
export function OAuthScopes({ scopes, testId }: { scopes: readonly string[]; testId: string }) {
  if (scopes.length === 0)
    return (
      <span className="muted" data-testid={testId}>
        none
      </span>
    );
  return (
    <ul className="chips" aria-label="Scopes" data-testid={testId}>
      {scopes.map((scope) => (
        <li key={scope} className="chip chip--static mono">
          {scope}
        </li>
      ))}
    </ul>
  );
}
