import { CopyButton } from './CopyButton.tsx';

/** A snippet to paste somewhere, with its copy button. */
export function CodeBlock({ code, label, testId }: { code: string; label: string; testId: string }) {
  return (
    <div className="snippet">
      <pre className="code" data-testid={testId}>
        {code}
      </pre>
      <CopyButton text={code} label={`Copy ${label}`} testId={`${testId}-copy`} />
    </div>
  );
}
