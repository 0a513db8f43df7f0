import { Args, Flags } from '@oclif/core';
import { serverLogsQuery, serverLogsSubscription, type LogLine } from '../../lib/operations.ts';
import { withLoginHint } from '../../lib/client.ts';
import { ServerCommand } from '../../lib/server-command.ts';
import { formatLogLine, resolveServer, unknownServerError, type Request, type ServerRef } from '../../lib/servers.ts';
import { requireToken, type ResolvedSettings } from '../../lib/settings.ts';
import { subscribeLive, untilInterrupted } from '../../lib/subscription.ts';

/** The most lines the router keeps answering for (`logs(tail)`). */
const MAX_TAIL = 1000;

export default class ServerLogs extends ServerCommand {
  static override summary = "Show a server's log.";
  static override description =
    "Prints the last --tail lines of the server's log, oldest first: what the server wrote on stderr as it is, and the portal's own " +
    'notes on its lifecycle (starting, exit codes, restarts) marked [portal]. With --follow it keeps printing new lines as they ' +
    'come, like tail -f, until Ctrl-C (exit 0).';
  static override examples = [
    '<%= config.bin %> <%= command.id %> memory',
    '<%= config.bin %> <%= command.id %> memory --tail 20 --follow',
    '<%= config.bin %> <%= command.id %> memory --json',
  ];

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
  };

  static override flags = {
    tail: Flags.integer({
      char: 'n',
      summary: `Number of lines to show from the end (0 to ${MAX_TAIL}).`,
      min: 0,
      max: MAX_TAIL,
      default: 100,
      helpValue: '<n>',
    }),
    follow: Flags.boolean({ char: 'f', summary: 'Keep running and print new lines as they come, until Ctrl-C.', default: false }),
    timestamps: Flags.boolean({ char: 't', summary: 'Start each line with its time (ISO 8601).', default: false }),
    json: Flags.boolean({
      summary: 'Print the lines as a JSON array ({id, serverId, stream, line, at}); with --follow one JSON object per line.',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServerLogs);
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const server = await resolveServer(request, args.server);
    const print = (line: LogLine) => this.log(flags.json ? JSON.stringify(line) : formatLogLine(line, { timestamps: flags.timestamps }));
    if (flags.follow) return this.follow(settings, server, flags.tail, print);
    const lines = await readTail(request, server, args.server, flags.tail);
    if (flags.json) this.printJson(lines);
    else for (const line of lines) print(line);
  }

  /**
   * Subscribes with a tail: the router sends the last `tail` lines first, then each new one, in order and
   * without repeats (it holds live lines back while it reads the tail), until Ctrl-C.
   */
  private async follow(settings: ResolvedSettings, server: ServerRef, tail: number, print: (line: LogLine) => void): Promise<void> {
    const token = requireToken(settings);
    const stopRequested = untilInterrupted();
    const live = subscribeLive({ url: settings.url, token }, serverLogsSubscription, { serverId: server.id, tail }, (data) => print(data.serverLogs));
    try {
      await Promise.race([live.ready, live.done]).catch((error: unknown) => Promise.reject(withLoginHint(error)));
      await Promise.race([stopRequested, live.done.catch((error: unknown) => Promise.reject(withLoginHint(error)))]);
    } finally {
      await live.stop();
    }
  }
}

async function readTail(request: Request, server: ServerRef, ref: string, tail: number): Promise<LogLine[]> {
  if (tail === 0) return [];
  const result = await request(serverLogsQuery, { id: server.id, tail });
  if (!result.server) throw unknownServerError(ref);
  return result.server.logs;
}
