import { useServerLogs, type ServerLogLine } from '../graphql/servers-hooks.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { logLineSeverity } from '../log-lines.ts';
import { useFollowScroll } from './use-follow-scroll.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

function clock(value: string): string {
  const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : timeFormat.format(date);
}

/** Neutral names: standard error carries a server's ordinary notes as often as its errors. */
const streamLabel: Record<ServerLogLine['stream'], string> = { STDOUT: 'stdout', STDERR: 'stderr', SYSTEM: 'portal' };
const streamTitle: Record<ServerLogLine['stream'], string> = {
  STDOUT: 'Standard output',
  STDERR: 'Standard error (servers also write ordinary notes here)',
  SYSTEM: 'The lifecycle of this server, as the portal saw it',
};

/**
 * A server's log, live: the last lines, then each new one as it is written. The panel follows new lines
 * while it is scrolled to the bottom and stays put once the reader scrolls up ("Jump to the newest line"
 * brings them back). The lifecycle's own notes (SYSTEM) are styled apart; lines that read like errors or
 * warnings are coloured, whichever stream they came on.
 */
export function LogsPanel({ serverId, serverName, tail = 200 }: { serverId: string; serverName: string; tail?: number }) {
  const { lines, loading, error, live } = useServerLogs(serverId, tail);
  const { box, onScroll, behind, jumpToNewest } = useFollowScroll<HTMLDivElement>(lines);

  return (
    <section className="card" aria-labelledby="logs-title">
      <div className="card__head">
        <h2 id="logs-title">Logs</h2>
        <span className="logs__status">
          <span className="muted" data-testid="logs-count">
            {lines.length} {lines.length === 1 ? 'line' : 'lines'}
          </span>
          <span
            className={`live ${live ? 'live--connected' : 'live--reconnecting'}`}
            data-testid="logs-live"
            data-live={live}
            title={live ? 'New lines appear as they are written.' : 'Waiting for the live connection.'}
          >
            <span className="live__dot" aria-hidden="true" />
            {live ? 'Live' : 'Connecting…'}
          </span>
        </span>
      </div>
      <ErrorMessage message={error} testId="logs-error" />
      <div className="logs__frame">
        <div ref={box} className="logs" role="log" aria-label={`Log of ${serverName}`} aria-live="polite" tabIndex={0} onScroll={onScroll} data-testid="logs">
          {loading ? <p className="logs__empty">Loading…</p> : null}
          {!loading && lines.length === 0 ? <p className="logs__empty">No line yet: the log fills once the server starts.</p> : null}
          {lines.map((line) => {
            const severity = logLineSeverity(line.line);
            return (
              <div
                key={line.id}
                className={`log-line log-line--${line.stream.toLowerCase()} log-line--${severity}`}
                data-testid="log-line"
                data-stream={line.stream}
                data-severity={severity}
                data-id={line.id}
              >
                <time className="log-line__time" dateTime={line.at}>
                  {clock(line.at)}
                </time>
                <span className="log-line__stream" title={streamTitle[line.stream] ?? line.stream}>
                  {streamLabel[line.stream] ?? line.stream}
                </span>
                <span className="log-line__text">{line.line}</span>
              </div>
            );
          })}
        </div>
        {behind ? (
          <button type="button" className="button button--small logs__jump" onClick={jumpToNewest} data-testid="logs-jump">
            ↓ Jump to the newest line
          </button>
        ) : null}
      </div>
    </section>
  );
}
