import { useId, useMemo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartData, serverLabel, toMillis, type Activity, type ChartRow } from '../tool-call-activity.ts';
import { Time } from './Time.tsx';
import { useThemeColors } from './use-theme-colors.ts';

/** The series colours (dashboard.css defines them per theme); a seventh server takes the first again. */
const seriesTokens = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'] as const;
const chartTokens = [...seriesTokens, '--error', '--muted'] as const;

const dayMinutes = 24 * 60;
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** A bucket's start as the axis shows it: the time, with the day when the period spans several. */
function tickFormat(activity: Activity): (start: number) => string {
  const spansDays = Date.now() - toMillis(activity.since) > dayMinutes * 60_000;
  return (start) => (spansDays ? dayAndTime : timeOnly).format(new Date(start));
}

function seriesClass(index: number): string {
  return `activity-chart__swatch activity-chart__swatch--${(index % seriesTokens.length) + 1}`;
}

interface ChartTooltipProps {
  /** Set by the chart: whether the pointer is over a bucket, and that bucket's start. */
  active?: boolean;
  label?: string | number;
  servers: readonly string[];
  rows: readonly ChartRow[];
}

function ChartTooltip({ active, label, servers, rows }: ChartTooltipProps) {
  const row = rows.find((candidate) => candidate.start === label);
  if (!active || !row) return null;
  return (
    <div className="activity-chart__tooltip">
      <Time value={new Date(row.start).toISOString()} format="short" />
      <ul>
        {servers
          .filter((server) => row.calls[server])
          .map((server) => (
            <li key={server}>
              {serverLabel(server)}: {row.calls[server]} {row.calls[server] === 1 ? 'call' : 'calls'}
            </li>
          ))}
        <li>
          {row.errors} {row.errors === 1 ? 'error' : 'errors'}
        </li>
      </ul>
    </div>
  );
}

/**
 * Tool calls over the period per server (stacked bars, one colour each) and the errors among them (a line).
 * The figure is named and summarised for screen readers, which skip the drawing itself; the numbers are in
 * a table that a disclosure shows.
 */
export function ToolCallChart({ activity, periodLabel }: { activity: Activity; periodLabel: string }) {
  const titleId = useId();
  const summaryId = useId();
  const colors = useThemeColors(chartTokens);
  const { servers, rows } = useMemo(() => chartData(activity, Date.now()), [activity]);
  const format = useMemo(() => tickFormat(activity), [activity]);
  const busiest = rows.reduce<ChartRow | null>((best, row) => (row.total > (best?.total ?? 0) ? row : best), null);
  const errorColor = colors[seriesTokens.length];
  const axisColor = colors[seriesTokens.length + 1];

  return (
    <figure className="activity-chart" aria-labelledby={titleId} aria-describedby={summaryId} data-testid="activity-chart">
      <figcaption id={titleId} className="visually-hidden">
        Tool calls and errors per server, {periodLabel.toLowerCase()}
      </figcaption>
      <ul className="activity-chart__legend" aria-hidden="true">
        {servers.map((server, index) => (
          <li key={server}>
            <span className={seriesClass(index)} />
            {serverLabel(server)}
          </li>
        ))}
        <li>
          <span className="activity-chart__swatch activity-chart__swatch--errors" />
          Errors
        </li>
      </ul>
      <div className="activity-chart__plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} />
            <XAxis dataKey="start" tickFormatter={format} minTickGap={24} stroke={axisColor} />
            <YAxis allowDecimals={false} width={36} stroke={axisColor} />
            <Tooltip content={<ChartTooltip servers={servers} rows={rows} />} isAnimationActive={false} />
            {servers.map((server, index) => (
              <Bar
                key={server}
                name={serverLabel(server)}
                dataKey={(row: ChartRow) => row.calls[server] ?? 0}
                stackId="calls"
                fill={colors[index % seriesTokens.length]}
                isAnimationActive={false}
              />
            ))}
            <Line name="Errors" dataKey="errors" stroke={errorColor} strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p id={summaryId} className="activity-chart__summary" data-testid="activity-chart-summary">
        {activity.totalCalls} {activity.totalCalls === 1 ? 'call' : 'calls'} and {activity.totalErrors} {activity.totalErrors === 1 ? 'error' : 'errors'} over{' '}
        {servers.length} {servers.length === 1 ? 'server' : 'servers'}
        {busiest ? (
          <>
            ; the busiest {activity.bucketMinutes >= 60 ? 'period' : 'minutes'} began <Time value={new Date(busiest.start).toISOString()} format="short" /> with{' '}
            {busiest.total} {busiest.total === 1 ? 'call' : 'calls'}
          </>
        ) : null}
        .
      </p>
      <details className="activity-chart__data">
        <summary>The chart's numbers as a table</summary>
        <div className="table-scroll">
          <table className="table table--dense" data-testid="activity-chart-table">
            <caption className="visually-hidden">Tool calls per server and period</caption>
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">Server</th>
                <th scope="col">Calls</th>
                <th scope="col">Errors</th>
              </tr>
            </thead>
            <tbody>
              {activity.buckets.map((bucket) => (
                <tr key={`${bucket.start} ${bucket.server}`} data-testid={`activity-bucket-${bucket.server}`}>
                  <td className="nowrap">
                    <Time value={bucket.start} format="short" />
                  </td>
                  <td className="mono">{serverLabel(bucket.server)}</td>
                  <td data-testid={`activity-bucket-calls-${bucket.server}`}>{bucket.calls}</td>
                  <td>{bucket.errors}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
