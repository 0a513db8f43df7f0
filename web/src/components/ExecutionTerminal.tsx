import type { ExecutionOutputChunk } from '../graphql/executor-hooks.ts';
import { useFollowScroll } from './use-follow-scroll.ts';

const streamTitle: Record<ExecutionOutputChunk['stream'], string> = {
  STDOUT: 'Standard output',
  STDERR: 'Standard error',
  SYSTEM: 'The executor’s own note',
};

/**
 * What a run printed, as a terminal: monospace, in order, standard error and the executor's own notes (its
 * command line, queue, how it ended) styled apart from standard output (a legend says how). It follows new
 * output while scrolled to the bottom and stays put once the reader scrolls up ("Jump to the newest output"
 * brings them back).
 */
export function ExecutionTerminal({ chunks, label, waiting }: { chunks: readonly ExecutionOutputChunk[]; label: string; waiting: string | null }) {
  const { box, onScroll, behind, jumpToNewest } = useFollowScroll<HTMLPreElement>(chunks);

  return (
    <div className="terminal__frame">
      <p className="terminal__legend small muted" aria-hidden="true">
        <span className="terminal__chunk--stdout">stdout</span> · <span className="terminal__chunk--stderr">stderr</span> ·{' '}
        <span className="terminal__chunk--system">executor</span>
      </p>
      <pre
        ref={box}
        className="terminal"
        role="log"
        aria-label={label}
        aria-live="polite"
        tabIndex={0}
        onScroll={onScroll}
        data-testid="run-terminal"
        data-following={!behind}
      >
        {chunks.length === 0 && waiting ? <span className="terminal__empty">{waiting}</span> : null}
        {chunks.map((chunk) => (
          <span
            key={chunk.id}
            className={`terminal__chunk terminal__chunk--${chunk.stream.toLowerCase()}`}
            title={streamTitle[chunk.stream] ?? chunk.stream}
            data-testid="run-chunk"
            data-stream={chunk.stream}
            data-seq={chunk.seq}
          >
            {chunk.text}
          </span>
        ))}
      </pre>
      {behind ? (
        <button type="button" className="button button--small logs__jump" onClick={jumpToNewest} data-testid="run-terminal-jump">
          ↓ Jump to the newest output
        </button>
      ) : null}
    </div>
  );
}
