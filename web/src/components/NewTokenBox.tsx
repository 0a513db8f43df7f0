import { useRef, useState } from 'react';

/** The secret of a token just created: shown once, with a copy button and a warning. */
export function NewTokenBox({ name, token, tokenId, onDismiss }: { name: string; token: string; tokenId: string; onDismiss(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(token);
      setCopied('yes');
    } catch {
      setCopied('failed'); // no clipboard permission: the text is selected for Ctrl+C
    }
  };

  return (
    <div className="new-token" role="region" aria-labelledby="new-token-title" data-testid="new-token" data-token-id={tokenId}>
      <div id="new-token-title" className="new-token__title">
        Token “{name}” created
      </div>
      <p className="new-token__warning" data-testid="new-token-warning">
        Copy it now: this is the only time it is shown. Anyone holding it can act with its role until it expires or is revoked.
      </p>
      <div className="new-token__row">
        <input
          ref={input}
          className="new-token__value mono"
          readOnly
          value={token}
          aria-label="New API token"
          onFocus={(e) => e.target.select()}
          data-testid="new-token-value"
        />
        <button type="button" className="button" onClick={() => void copy()} data-testid="new-token-copy">
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button--ghost" onClick={onDismiss} data-testid="new-token-dismiss">
          Done
        </button>
      </div>
      {copied === 'failed' ? <p className="muted">Copying is not allowed here: the token is selected, press Ctrl+C.</p> : null}
    </div>
  );
}
