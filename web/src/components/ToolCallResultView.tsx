import { useState } from 'react';
import type { ToolCallOutcome } from '../graphql/tool-call-hooks.ts';
import { resultParts, type ResultPart } from '../tool-result.ts';

const viaLabel = { 'gateway-proxy': 'through the gateway-proxy', graphql: 'through GraphQL callTool' } as const;

function Part({ part }: { part: ResultPart }) {
  switch (part.kind) {
    case 'text':
      return (
        <pre className="tool-result__text" data-testid="tool-result-text">
          {part.text}
        </pre>
      );
    case 'image':
      return <img className="tool-result__image" src={part.src} alt={`Image result (${part.mimeType})`} data-testid="tool-result-image" />;
    case 'audio':
      return (
        <audio className="tool-result__audio" controls src={part.src} aria-label={`Audio result (${part.mimeType})`} data-testid="tool-result-audio">
          Audio ({part.mimeType})
        </audio>
      );
    case 'resource-link':
      return (
        <div className="tool-result__resource" data-testid="tool-result-link">
          <span className="badge">link</span>{' '}
          {part.href ? (
            <a className="link" href={part.href} target="_blank" rel="noopener noreferrer">
              {part.name ?? part.uri}
            </a>
          ) : (
            <span>{part.name ?? part.uri}</span>
          )}{' '}
          <span className="mono small">{part.uri}</span>
          {part.mimeType ? <span className="muted small"> · {part.mimeType}</span> : null}
          {part.description ? <p className="muted small tool-result__note">{part.description}</p> : null}
        </div>
      );
    case 'resource':
      return (
        <div className="tool-result__resource" data-testid="tool-result-resource">
          <span className="badge">resource</span> <span className="mono small">{part.uri}</span>
          {part.mimeType ? <span className="muted small"> · {part.mimeType}</span> : null}
          {part.text !== null ? (
            <pre className="tool-result__text">{part.text}</pre>
          ) : (
            <p className="muted small tool-result__note">binary, {part.bytes ?? 0} bytes</p>
          )}
        </div>
      );
    case 'other':
      return (
        <pre className="code" data-testid="tool-result-other">
          {part.json}
        </pre>
      );
  }
}

/** A call's outcome: error or result, how long it took and which way it went; the result's content items and, on demand, its JSON. */
export function ToolCallResultView({ tool, outcome }: { tool: string; outcome: ToolCallOutcome }) {
  const [showRaw, setShowRaw] = useState(false);
  const meta = (
    <span className="muted small">
      {outcome.durationMs !== null ? (
        <>
          <span data-testid={`tool-call-duration-${tool}`}>{outcome.durationMs} ms</span> ·{' '}
        </>
      ) : null}
      <span data-testid={`tool-call-via-${tool}`} data-via={outcome.via}>
        {viaLabel[outcome.via]}
      </span>
    </span>
  );
  if (!outcome.ok) {
    return (
      <div className="tool-result tool-result--failed" data-testid={`tool-call-result-${tool}`} data-outcome="failed">
        <p className="error" role="alert" data-testid={`tool-call-error-${tool}`}>
          {outcome.message}
        </p>
        {meta}
      </div>
    );
  }
  const { result } = outcome;
  const parts = resultParts(result.content);
  return (
    <div
      className={`tool-result${result.isError ? ' tool-result--error' : ''}`}
      data-testid={`tool-call-result-${tool}`}
      data-outcome={result.isError ? 'tool-error' : 'ok'}
    >
      <div className="tool-result__head">
        <span className={`badge badge--${result.isError ? 'error' : 'running'}`} data-testid={`tool-call-outcome-${tool}`}>
          {result.isError ? 'The tool reported an error (isError)' : 'Result'}
        </span>
        {meta}
        <label className="check small">
          <input type="checkbox" checked={showRaw} onChange={(event) => setShowRaw(event.target.checked)} data-testid={`tool-call-raw-result-${tool}`} /> JSON
        </label>
      </div>
      {showRaw ? (
        <pre className="code" data-testid={`tool-call-raw-json-${tool}`}>
          {JSON.stringify(result.raw, null, 2)}
        </pre>
      ) : (
        <>
          {parts.length === 0 ? <p className="muted small">No content.</p> : parts.map((part, index) => <Part key={index} part={part} />)}
          {result.structuredContent !== null && result.structuredContent !== undefined ? (
            <div data-testid="tool-result-structured">
              <p className="muted small tool-result__note">Structured content</p>
              <pre className="code">{JSON.stringify(result.structuredContent, null, 2)}</pre>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
