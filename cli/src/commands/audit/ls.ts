import { Flags } from '@oclif/core';
import { PortalCommand } from '../../lib/base-command.ts';
import { withLoginHint } from '../../lib/client.ts';
import { PortalError } from '../../lib/errors.ts';
import { AUDIT_HEADERS, auditCsvHeader, auditCsvRecord, auditRow, columnWidths, formatRow, formatTable } from '../../lib/format.ts';
import { auditEventAddedSubscription, auditEventsQuery, type AuditEventFilter, type AuditEventView } from '../../lib/operations.ts';
import { requireToken, type ResolvedSettings } from '../../lib/settings.ts';
import { subscribeLive, untilInterrupted } from '../../lib/subscription.ts';

/** The most events the router returns per page. */
const PAGE_SIZE = 500;
const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
type Format = (typeof FORMATS)[number];

/** Minimum column widths of a followed table, so that streamed rows mostly line up with the first ones. */
const FOLLOW_MIN_WIDTHS = [24, 24, 16, 24, 7];

export default class AuditLs extends PortalCommand {
  static override summary = 'List the audit log (admin only).';
  static override description =
    'Lists audit events, newest first, paging through the router until --limit. With --follow, prints them oldest first and then ' +
    'streams new events as they happen until Ctrl-C (with --json or --format ndjson, one JSON object per line).';
  static override hiddenAliases = ['audit:list'];
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --action auth.login --since 2026-01-01T00:00:00Z --limit 500 --format csv > logins.csv',
    '<%= config.bin %> <%= command.id %> --follow --format ndjson',
  ];

  static override flags = {
    action: Flags.string({ summary: 'Only events with this action, e.g. auth.login or server.enable.', helpValue: '<action>' }),
    actor: Flags.string({ summary: 'Only events by this user ID.', helpValue: '<user-id>' }),
    target: Flags.string({ summary: 'Only events on this target ID.', helpValue: '<id>' }),
    since: Flags.string({ summary: 'Only events at or after this ISO-8601 time.', helpValue: '<time>' }),
    until: Flags.string({ summary: 'Only events at or before this ISO-8601 time.', helpValue: '<time>', exclusive: ['follow'] }),
    limit: Flags.integer({ summary: 'At most this many existing events.', min: 1, default: 50, helpValue: '<n>' }),
    format: Flags.string({ summary: 'Output format (default: table).', options: [...FORMATS] }),
    json: Flags.boolean({ summary: 'Same as --format json.', default: false }),
    follow: Flags.boolean({ char: 'f', summary: 'Keep running and print new events as they happen, until Ctrl-C.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(AuditLs);
    if (flags.json && flags.format && flags.format !== 'json') throw new PortalError(`--json cannot be combined with --format ${flags.format}.`);
    const format: Format = flags.json ? 'json' : ((flags.format as Format | undefined) ?? 'table');
    const filter: AuditEventFilter = {
      ...(flags.action ? { action: flags.action } : {}),
      ...(flags.actor ? { actorId: flags.actor } : {}),
      ...(flags.target ? { targetId: flags.target } : {}),
      ...(flags.since ? { from: isoTime('--since', flags.since) } : {}),
      ...(flags.until ? { to: isoTime('--until', flags.until) } : {}),
    };
    const settings = await this.settings(flags.url);
    if (flags.follow) return this.follow(settings, filter, flags.limit, format);

    const events = await this.fetchEvents(settings, filter, flags.limit);
    switch (format) {
      case 'json':
        return this.printJson(events);
      case 'ndjson':
        for (const event of events) this.log(JSON.stringify(event));
        return;
      case 'csv':
        process.stdout.write([auditCsvHeader(), ...events.map(auditCsvRecord)].map((record) => `${record}\r\n`).join(''));
        return;
      case 'table':
        this.log(formatTable(AUDIT_HEADERS, events.map(auditRow)));
    }
  }

  /** Newest first, following `endCursor` until `limit` events or the end of the log. */
  private async fetchEvents(settings: ResolvedSettings, filter: AuditEventFilter, limit: number): Promise<AuditEventView[]> {
    const events: AuditEventView[] = [];
    let after: string | null = null;
    while (events.length < limit) {
      const variables: Record<string, unknown> = { filter, first: Math.min(PAGE_SIZE, limit - events.length), after };
      const { auditEvents: page } = await this.authenticatedRequest(settings, auditEventsQuery, variables);
      events.push(...page.events);
      if (!page.hasNextPage || !page.endCursor || page.events.length === 0) break;
      after = page.endCursor;
    }
    return events.slice(0, limit);
  }

  /**
   * Subscribes first and buffers, then prints the existing events oldest first, then the buffered and live
   * ones (each once): nothing that happens while the page loads is lost. Ctrl-C ends it with exit code 0.
   */
  private async follow(settings: ResolvedSettings, filter: AuditEventFilter, limit: number, format: Format): Promise<void> {
    const token = requireToken(settings);
    const stopRequested = untilInterrupted();
    const seen = new Set<string>();
    let buffered: AuditEventView[] | null = [];
    let print: (event: AuditEventView) => void = () => undefined;
    const onEvent = (event: AuditEventView) => {
      if (!matches(event, filter)) return;
      if (buffered) buffered.push(event);
      else if (!seen.has(event.id)) {
        seen.add(event.id);
        print(event);
      }
    };
    const live = subscribeLive({ url: settings.url, token }, auditEventAddedSubscription, {}, (data) => onEvent(data.auditEventAdded));
    try {
      await Promise.race([live.ready, live.done]).catch((error: unknown) => Promise.reject(withLoginHint(error)));
      const existing = (await this.fetchEvents(settings, filter, limit)).reverse();
      const pending = buffered;
      buffered = null;
      print = this.printer(format, existing);
      for (const event of [...existing, ...pending]) {
        if (seen.has(event.id)) continue;
        seen.add(event.id);
        print(event);
      }
      await Promise.race([stopRequested, live.done.catch((error: unknown) => Promise.reject(withLoginHint(error)))]);
    } finally {
      await live.stop();
    }
  }

  /** Prints one event at a time in `format`, after any header; JSON becomes one object per line. */
  private printer(format: Format, initial: AuditEventView[]): (event: AuditEventView) => void {
    switch (format) {
      case 'json':
      case 'ndjson':
        return (event) => this.log(JSON.stringify(event));
      case 'csv':
        process.stdout.write(`${auditCsvHeader()}\r\n`);
        return (event) => process.stdout.write(`${auditCsvRecord(event)}\r\n`);
      case 'table': {
        const widths = columnWidths(AUDIT_HEADERS, initial.map(auditRow)).map((width, column) => Math.max(width, FOLLOW_MIN_WIDTHS[column] ?? 0));
        this.log(formatRow(AUDIT_HEADERS, widths));
        return (event) => this.log(formatRow(auditRow(event), widths));
      }
    }
  }
}

/** The router's filter, applied to streamed events (the subscription has no arguments). */
function matches(event: AuditEventView, filter: AuditEventFilter): boolean {
  if (filter.action != null && event.action !== filter.action) return false;
  if (filter.actorId != null && event.actorId !== filter.actorId) return false;
  if (filter.targetId != null && event.targetId !== filter.targetId) return false;
  const at = Date.parse(event.occurredAt);
  if (filter.from != null && at < Date.parse(filter.from)) return false;
  if (filter.to != null && at > Date.parse(filter.to)) return false;
  return true;
}

function isoTime(flag: string, value: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new PortalError(`${flag} must be an ISO-8601 time such as 2026-01-31 or 2026-01-31T12:00:00Z, not "${value}".`);
  return time.toISOString();
}
