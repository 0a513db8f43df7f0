import { Args, Flags } from '@oclif/core';
import { enableServerMutation } from '../../lib/operations.ts';
import { PortalError } from '../../lib/errors.ts';
import { checkEnableSecretNames, enableConfig, enableRefusal, enableRefusalLines, readEnableSecrets } from '../../lib/enable-settings.ts';
import { promptHidden, readAllStdin } from '../../lib/prompt.ts';
import { withoutSecretValue } from '../../lib/secrets.ts';
import { reachedLine, ServerCommand, timeoutFlag } from '../../lib/server-command.ts';

export default class ServerEnable extends ServerCommand {
  static override summary = 'Enable an MCP server from the catalog.';
  static override description =
    'Enables a catalog entry as a server and starts it (the router answers at once with STARTING; --wait follows it until RUNNING). ' +
    'With --no-start it is only enabled, STOPPED, until `server start`. --config KEY=VALUE (read as `config set` reads it) and --secret NAME ' +
    '(its value read from stdin when stdin is not a terminal, else from a hidden prompt; never from an argument) are stored with the server in ' +
    'the same change: when any is refused, or a start lacks one the entry needs, each problem is printed naming its key and nothing is enabled.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> memory',
    '<%= config.bin %> <%= command.id %> memory --wait',
    '<%= config.bin %> <%= command.id %> time --no-start --json',
    '<%= config.bin %> <%= command.id %> filesystem --config filesystem.paths=\'["/data"]\' --wait',
    'printf %s "$GITHUB_TOKEN" | <%= config.bin %> <%= command.id %> github --secret github.personal_access_token --wait',
  ];

  static override args = {
    name: Args.string({ description: 'Catalog name of the server, e.g. memory.', required: true }),
  };

  static override flags = {
    start: Flags.boolean({ summary: 'Start the server once enabled (the default; --no-start only enables it).', allowNo: true, default: true }),
    wait: Flags.boolean({ summary: 'Wait until the server is RUNNING, with progress on stderr (exit 1 if it fails).', default: false }),
    timeout: timeoutFlag,
    config: Flags.string({
      summary: 'A configuration value KEY=VALUE, stored with the server (repeatable; VALUE is JSON when it is JSON, else text).',
      multiple: true,
      default: [],
      helpValue: 'KEY=VALUE',
    }),
    string: Flags.boolean({ summary: 'Take every --config VALUE as text, even when it is JSON.', default: false }),
    secret: Flags.string({
      summary: 'A secret to store with the server, by NAME (repeatable); its value is read from stdin (one secret) or a hidden prompt.',
      multiple: true,
      default: [],
      helpValue: 'NAME',
    }),
    'value-stdin': Flags.boolean({ summary: 'Read the --secret value from stdin (the default when stdin is not a terminal).', default: false }),
    json: Flags.boolean({
      summary:
        'Print the enabled server as JSON (its final state with --wait); a refusal as {error: {message, code, invalidConfig, invalidSecrets, missingConfig, missingSecrets}}.',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServerEnable);
    if (flags.wait && !flags.start) throw new PortalError('--wait cannot be combined with --no-start: there is nothing to wait for.');
    const config = enableConfig(flags.config, flags.string);
    checkEnableSecretNames(flags.secret);
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const secrets = await readEnableSecrets(flags.secret, {
      fromStdin: flags['value-stdin'] || !process.stdin.isTTY,
      readStdin: () => readAllStdin(),
      prompt: (name) => promptHidden(`Value of ${name} for ${args.name}: `),
    });
    const act = async () => {
      try {
        return (await request(enableServerMutation, { name: args.name, start: flags.start, config, secrets })).enableServer;
      } catch (error) {
        throw Object.values(secrets ?? {}).reduce(withoutSecretValue, error);
      }
    };
    let server;
    try {
      server = flags.wait
        ? await this.actAndFollow(settings, {
            name: args.name,
            initial: null,
            goal: 'RUNNING',
            label: `Starting ${args.name}`,
            timeoutSeconds: flags.timeout,
            act,
          })
        : await act();
    } catch (error) {
      throw this.refused(error, flags.json);
    }
    if (flags.json) this.printJson(server);
    else if (flags.wait) this.log(reachedLine('Enabled and started', server));
    else this.log(`Enabled ${server.name} (${server.status})`);
  }

  /**
   * A settings refusal as lines naming each key or secret (on stderr; with --json also as fields on stdout),
   * followed by the error line; any other error as it is.
   */
  private refused(error: unknown, json: boolean): unknown {
    const refusal = enableRefusal(error);
    if (!refusal || !(error instanceof PortalError)) return error;
    if (json) this.printJson({ error: { message: error.message, code: error.code, ...refusal } });
    for (const line of enableRefusalLines(refusal)) this.logToStderr(line);
    return new PortalError('The settings were refused, so nothing was enabled.', { code: error.code, cause: error });
  }
}
