import { Flags } from '@oclif/core';
import { PortalCommand } from '../../lib/base-command.ts';
import { executionsTable, parseTime } from '../../lib/exec-format.ts';
import { executionsQuery } from '../../lib/exec-operations.ts';
import type { ExecutionFilter, ExecutionStatus } from '../../lib/operations.ts';
import { resolveUserId } from '../../lib/oauth-operations.ts';
import type { Request } from '../../lib/servers.ts';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'] as const;

export default class ExecLs extends PortalCommand {
  static override summary = "List the executor's runs of docker mcp commands.";
  static override description =
    'Lists the runs of allow-listed docker mcp commands the portal started for you (an admin: everyone), newest first: ' +
    'the run id (for `exec show` and `exec cancel`), the command, its status, exit code, who started it, when, and how ' +
    'long its process ran (so far, while it runs). Filters by command, status, user (admins) and time; a page at a ' +
    'time (--after with the cursor printed under the table).';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --status failed --since 1h',
    '<%= config.bin %> <%= command.id %> --command "server ls" --limit 10 --json',
    '<%= config.bin %> <%= command.id %> --user alice@example.com',
  ];

  static override flags = {
    command: Flags.string({ summary: 'Only runs of this command, exactly, e.g. "server ls".', helpValue: '<command>' }),
    status: Flags.string({ summary: 'Only runs with this status.', options: [...STATUSES] }),
    user: Flags.string({ summary: "Only this user's runs (email or id; admins).", helpValue: '<user>' }),
    since: Flags.string({
      summary: 'Only runs started at or after this time: ISO 8601 (2026-01-31, 2026-01-31T12:00:00Z) or a duration ago (90s, 15m, 2h, 7d).',
      helpValue: '<time>',
    }),
    until: Flags.string({ summary: 'Only runs started before this time (same forms as --since).', helpValue: '<time>' }),
    limit: Flags.integer({ summary: 'At most this many runs (1-200).', default: 50, min: 1, max: 200, helpValue: '<n>' }),
    after: Flags.string({ summary: 'The cursor of the previous page.', helpValue: '<cursor>' }),
    json: Flags.boolean({ summary: 'Print {executions, endCursor, hasNextPage} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ExecLs);
    const now = new Date();
    const from = flags.since === undefined ? undefined : parseTime('--since', flags.since, now);
    const to = flags.until === undefined ? undefined : parseTime('--until', flags.until, now);
    const settings = await this.settings(flags.url);
    const request: Request = (document, variables) => this.authenticatedRequest(settings, document, variables);
    const startedBy = flags.user === undefined ? undefined : await resolveUserId(request, flags.user);
    const filter: ExecutionFilter = {
      ...(flags.command ? { command: flags.command.trim().replace(/\s+/g, ' ') } : {}),
      ...(flags.status ? { status: flags.status.toUpperCase() as ExecutionStatus } : {}),
      ...(startedBy ? { startedBy } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    };
    const { executions: page } = await request(executionsQuery, { filter, first: flags.limit, ...(flags.after ? { after: flags.after } : {}) });
    if (flags.json) return this.printJson(page);
    if (page.executions.length === 0) {
      this.log(flags.after ? 'No more executions.' : 'No executions (that match).');
      return;
    }
    this.log(executionsTable(page.executions, now));
    if (page.hasNextPage && page.endCursor) this.log(`\nNext page: --after ${page.endCursor}`);
  }
}
