import { auditEventFieldNames, type ApiTokenView, type AuditEventView } from './operations.ts';

const COLUMN_GAP = '   ';

/** Left-aligned columns separated by three spaces, like the Docker CLI's tables. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = columnWidths(headers, rows);
  return [formatRow(headers, widths), ...rows.map((row) => formatRow(row, widths))].join('\n');
}

/** The width of each column: its longest cell. */
export function columnWidths(headers: string[], rows: string[][]): number[] {
  return headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
}

/** One table line with the given column widths (the last column is not padded). */
export function formatRow(cells: string[], widths: number[]): string {
  return cells
    .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
    .join(COLUMN_GAP)
    .trimEnd();
}

/** The width tables are fitted to when stdout is not a terminal (a pipe, a file, CI logs). */
export const DEFAULT_OUTPUT_WIDTH = 100;

/** The terminal's width when stdout is one, else DEFAULT_OUTPUT_WIDTH. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : DEFAULT_OUTPUT_WIDTH;
}

/** `text` cut to at most `max` characters, ending in "…" when it was cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max < 1) return '';
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** The least a fitted last column keeps, however narrow the terminal. */
const MIN_LAST_COLUMN = 20;

/**
 * A table whose last column (a description) is cut so that each line fits in `width` characters; the
 * other columns are never cut. With no width, nothing is cut.
 */
export function formatFittedTable(headers: string[], rows: string[][], width: number | undefined): string {
  if (width === undefined) return formatTable(headers, rows);
  const last = headers.length - 1;
  const leading = columnWidths(
    headers.slice(0, last),
    rows.map((row) => row.slice(0, last)),
  );
  const used = leading.reduce((sum, column) => sum + column + COLUMN_GAP.length, 0);
  const room = Math.max(width - used, MIN_LAST_COLUMN);
  return formatTable(
    headers,
    rows.map((row) => row.map((cell, column) => (column === last ? truncate(cell, room) : cell))),
  );
}

/** "5 minutes", "About a minute", in the style of go-units HumanDuration. */
export function humanDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 1) return 'Less than a second';
  if (seconds < 60) return plural(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return plural(hours, 'hour');
  const days = Math.round(hours / 24);
  if (days < 14) return plural(days, 'day');
  if (days < 60) return plural(Math.round(days / 7), 'week');
  if (days < 730) return plural(Math.round(days / 30), 'month');
  return plural(Math.round(days / 365), 'year');
}

/** "5 minutes ago", in the style of `docker ps` (go-units HumanDuration). */
export function timeAgo(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  return `${humanDuration((now.getTime() - then.getTime()) / 1000)} ago`;
}

/** "in 3 months" for a future time, "5 minutes ago" for a past one. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const seconds = (then.getTime() - now.getTime()) / 1000;
  if (seconds < 1) return timeAgo(iso, now);
  const duration = humanDuration(seconds);
  return `in ${duration.charAt(0).toLowerCase()}${duration.slice(1)}`;
}

/** `token ls`: never shows a secret (the API does not return them). */
export function tokensTable(tokens: ApiTokenView[], now: Date = new Date()): string {
  return formatTable(
    ['ID', 'NAME', 'ROLE', 'EXPIRES', 'LAST USED', 'REVOKED'],
    tokens.map((token) => [
      token.id,
      token.name,
      token.role,
      token.expiresAt ? relativeTime(token.expiresAt, now) : 'never',
      token.lastUsedAt ? timeAgo(token.lastUsedAt, now) : 'never',
      token.revokedAt ? timeAgo(token.revokedAt, now) : '-',
    ]),
  );
}

export const AUDIT_HEADERS = ['TIME', 'ACTOR', 'ACTION', 'TARGET', 'OUTCOME'];

/** One `audit ls` table row: the actor's email (else id), the target as `Type:id`. */
export function auditRow(event: AuditEventView): string[] {
  const actor = event.actorEmail ?? event.actorId ?? '-';
  const target = event.targetId ? `${event.targetType}:${event.targetId}` : event.targetType;
  return [event.occurredAt, actor, event.action, target, event.outcome];
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF; quotes are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record, without the line break. */
export const csvRecord = (values: string[]) => values.map(csvField).join(',');

/** The header record of `audit ls --format csv`: the event's field names. */
export const auditCsvHeader = () => csvRecord([...auditEventFieldNames]);

/** An audit event as a CSV record: null is an empty field, `detail` is compact JSON. */
export function auditCsvRecord(event: AuditEventView): string {
  return csvRecord(
    auditEventFieldNames.map((field) => {
      const value = event[field];
      if (value === null || value === undefined) return '';
      return field === 'detail' ? JSON.stringify(value) : String(value);
    }),
  );
}
