import { useRef, useState } from 'react';

export interface RevokeConnectionButtonProps {
  /** Names the connection in the confirmation's label ("Revoke the connection to notion?"). */
  label: string;
  busy: boolean;
  onRevoke(): void;
  /** The test ids: `<testId>`, `<testId>-confirm`, `<testId>-cancel`. */
  testId: string;
  className?: string;
}

/** "Revoke", then a confirmation in place (focus on "Yes, revoke"; Cancel returns it to "Revoke"). */
export function RevokeConnectionButton({ label, busy, onRevoke, testId, className = 'button button--small' }: RevokeConnectionButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (confirming) {
    return (
      <span className="confirm" role="group" aria-label={`${label}?`}>
        <span className="confirm__text">Revoke?</span>
        <button
          type="button"
          className="button button--small button--danger"
          onClick={() => {
            setConfirming(false);
            onRevoke();
          }}
          data-testid={`${testId}-confirm`}
          autoFocus
        >
          Yes, revoke
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => {
            setConfirming(false);
            requestAnimationFrame(() => button.current?.focus());
          }}
          data-testid={`${testId}-cancel`}
        >
          Cancel
        </button>
      </span>
    );
  }
  return (
    <button
      ref={button}
      type="button"
      className={className}
      disabled={busy}
      aria-label={busy ? undefined : label}
      onClick={() => setConfirming(true)}
      data-testid={testId}
    >
      {busy ? 'Revoking…' : 'Revoke'}
    </button>
  );
}
