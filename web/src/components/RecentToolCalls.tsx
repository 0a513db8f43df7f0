import type { RecentToolCall } from '../recent-tool-calls.ts';
import { Time } from './Time.tsx';

const outcomeLabel = { ok: 'OK', 'tool-error': 'isError', failed: 'failed' } as const;
const outcomeBadge = { ok: 'running', 'tool-error': 'error', failed: 'error' } as const;

/** This browser's last calls of the server's tools: when, the outcome, the arguments, and Run again. */
export function RecentToolCalls({
  calls,
  onRerun,
  canRerun,
}: {
  calls: readonly RecentToolCall[];
  onRerun(call: RecentToolCall): void;
  canRerun(tool: string): boolean;
}) {
  if (calls.length === 0) return null;
  return (
    <div className="recent-calls" data-testid="recent-tool-calls">
      <h3 className="section-title">Recent calls</h3>
      <p className="muted small">Your last calls of this server's tools, kept in this browser.</p>
      <ul className="recent-calls__list">
        {calls.map((call) => (
          <li key={call.id} className="recent-calls__item" data-testid="recent-tool-call" data-tool={call.tool} data-outcome={call.outcome}>
            <div className="recent-calls__head">
              <span className="mono tool__name">{call.tool}</span>
              <span className={`badge badge--${outcomeBadge[call.outcome]}`}>{outcomeLabel[call.outcome]}</span>
              <span className="muted small">
                <Time value={call.at} />
                {call.durationMs !== null ? ` · ${call.durationMs} ms` : ''} · {call.via === 'gateway-proxy' ? 'gateway-proxy' : 'GraphQL'}
              </span>
              <button
                type="button"
                className="button button--small"
                disabled={call.arguments === null || !canRerun(call.tool)}
                onClick={() => onRerun(call)}
                data-testid="recent-tool-call-rerun"
              >
                Run again
              </button>
            </div>
            {call.message ? <p className="error small">{call.message}</p> : null}
            <details className="tool__schema">
              <summary>Arguments</summary>
              <pre className="code" data-testid="recent-tool-call-arguments">
                {call.arguments === null ? 'Too large to keep.' : JSON.stringify(call.arguments, null, 2)}
              </pre>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
