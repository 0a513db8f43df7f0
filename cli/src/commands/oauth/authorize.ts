import { Args, Flags } from '@oclif/core';
import { PortalCommand } from '../../lib/base-command.ts';
import { launchBrowser } from '../../lib/browser.ts';
import { withLoginHint } from '../../lib/client.ts';
import { connectionLine } from '../../lib/oauth-format.ts';
import { authorizeServerMutation } from '../../lib/oauth-operations.ts';
import { waitForAuthorization } from '../../lib/oauth-wait.ts';
import { showProgress, type Progress } from '../../lib/progress.ts';
import { resolveServer, type Request } from '../../lib/servers.ts';
import { requireToken } from '../../lib/settings.ts';
import { WaitInterrupted } from '../../lib/server-wait.ts';

export default class OAuthAuthorize extends PortalCommand {
  static override summary = 'Authorize a remote MCP server that signs in with OAuth.';
  static override description =
    'Starts the OAuth authorization of a remote server (for you, or for the whole team on a team server: operators and ' +
    "admins) and prints the authorization server's URL. Open it in a browser, consent there, and the browser comes back " +
    'to the portal, which completes it; meanwhile the command waits until the connection is AUTHORIZED (or FAILED). ' +
    'Tokens stay sealed on the platform: the gateway signs in with them, nothing is written here.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> notion',
    '<%= config.bin %> <%= command.id %> notion --open',
    '<%= config.bin %> <%= command.id %> github --scope repo --scope read:org',
    '<%= config.bin %> <%= command.id %> notion --no-wait --json',
  ];

  static override args = {
    server: Args.string({ description: 'Name or id of the enabled remote server.', required: true }),
  };

  static override flags = {
    open: Flags.boolean({ summary: 'Open the URL in your browser too.', default: false }),
    scope: Flags.string({ summary: 'A scope to ask for on top of what the server asks for (repeatable).', helpValue: '<scope>', multiple: true }),
    wait: Flags.boolean({
      summary: 'Wait until the authorization completes (AUTHORIZED) or fails; --no-wait only prints the URL.',
      default: true,
      allowNo: true,
    }),
    timeout: Flags.integer({ summary: 'Seconds to wait for the authorization.', default: 600, min: 1 }),
    json: Flags.boolean({ summary: 'Print {authorizationUrl, connection} as JSON (the connection as it ends up).', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OAuthAuthorize);
    const settings = await this.settings(flags.url);
    const token = requireToken(settings);
    const request: Request = (document, variables) => this.authenticatedRequest(settings, document, variables);
    const server = await resolveServer(request, args.server);
    const { authorizeServer: started } = await request(authorizeServerMutation, {
      serverId: server.id,
      ...(flags.scope?.length ? { scopes: flags.scope } : {}),
    });
    const url = started.authorizationUrl;

    if (!flags.wait) {
      if (flags.open) await this.openInBrowser(url, 'the URL');
      if (flags.json) this.printJson({ authorizationUrl: url, connection: started.connection });
      else this.log(url);
      return;
    }

    // On stderr, so that --json keeps stdout to the result.
    this.logToStderr(`Open this URL in a browser to authorize ${server.name}${started.connection.team ? ' for the team' : ''}:\n\n  ${url}\n`);
    if (flags.open) await this.openInBrowser(url, 'the URL above');
    const connection = await this.waitWithProgress({ url: settings.url, token, request, started: started.connection, timeoutMs: flags.timeout * 1000 });
    if (flags.json) this.printJson({ authorizationUrl: url, connection });
    else this.log(connectionLine('Authorized', connection));
  }

  /** --open: starts the browser; when it cannot (no opener on this host), says so on stderr and carries on. */
  private async openInBrowser(url: string, which: string): Promise<void> {
    const launch = await launchBrowser(url);
    if (!launch.opened) this.logToStderr(`Could not open a browser (${launch.reason}): open ${which} in one yourself.`);
  }

  private async waitWithProgress(options: Omit<Parameters<typeof waitForAuthorization>[0], 'signal' | 'onState'>) {
    const cancel = new AbortController();
    const onSigint = () => cancel.abort(new WaitInterrupted(130));
    const onSigterm = () => cancel.abort(new WaitInterrupted(143));
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
    const startedAt = Date.now();
    let status: string = options.started.status;
    let progress: Progress | undefined = showProgress(
      process.stderr,
      () => `Waiting for the authorization in the browser… ${status} (${Math.round((Date.now() - startedAt) / 1000)} s)`,
    );
    try {
      return await waitForAuthorization({
        ...options,
        signal: cancel.signal,
        onState: (connection) => {
          status = connection.status;
          if (!process.stderr.isTTY) process.stderr.write(`${connection.server.name}: ${connection.status}\n`);
        },
      });
    } catch (error) {
      progress.stop();
      progress = undefined;
      if (error instanceof WaitInterrupted) this.exit(error.exitCode);
      throw withLoginHint(error);
    } finally {
      progress?.stop();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    }
  }
}
