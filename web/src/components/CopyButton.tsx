import { useState } from 'react';

/** Copies `text` to the clipboard; says "Copied", or that copying is not allowed here. */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <button type="button" className="button button--small" onClick={() => void copy()} aria-label={label} data-testid={testId}>
      {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Select and copy' : 'Copy'}
    </button>
  );
}
