import type { ServerSummary } from '@mcp-portal/schema/operations';

/** Left-aligned columns separated by three spaces, like the Docker CLI's tables. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('   ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** "5 minutes ago", in the style of `docker ps` (go-units HumanDuration). */
export function timeAgo(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (seconds < 1) return 'Less than a second ago';
  if (seconds < 60) return plural(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes === 1) return 'About a minute ago';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour ago';
  if (hours < 48) return plural(hours, 'hour');
  const days = Math.round(hours / 24);
  if (days < 14) return plural(days, 'day');
  if (days < 60) return plural(Math.round(days / 7), 'week');
  if (days < 730) return plural(Math.round(days / 30), 'month');
  return plural(Math.round(days / 365), 'year');
}

export function serversTable(servers: ServerSummary[], now: Date = new Date()): string {
  return formatTable(
    ['NAME', 'STATUS', 'ENABLED BY', 'UPDATED'],
    servers.map((server) => [server.name, server.status, server.enabledBy.email, timeAgo(server.updatedAt, now)]),
  );
}
