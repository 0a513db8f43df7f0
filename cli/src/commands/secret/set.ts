import { Args, Flags } from '@oclif/core';
import { setServerSecretMutation, type SetServerSecretMutation } from '../../lib/operations.ts';
import { PortalError } from '../../lib/errors.ts';
import { promptHidden, readAllStdin } from '../../lib/prompt.ts';
import { restartHint } from '../../lib/restart-hint.ts';
import { checkSecretName, checkSecretValue, declaredSecrets, serverWithSecrets, withoutSecretValue } from '../../lib/secrets.ts';
import { ServerCommand } from '../../lib/server-command.ts';

export default class SecretSet extends ServerCommand {
  static override summary = 'Set a secret of a server, reading the value from stdin or a hidden prompt.';
  static override description =
    'Operator or admin. The value is read from stdin when stdin is not a terminal (or with --value-stdin; one trailing newline is ' +
    'dropped), else prompted for without echo, like `docker login`; it is never taken from an argument, and never printed. ' +
    'It is sealed by the router and cannot be read back; the server gets it in its environment at its next (re)start. ' +
    'The name must be one the catalog entry declares (see `secret ls`) unless --force.';
  static override examples = [
    'printf %s "$GITHUB_TOKEN" | <%= config.bin %> <%= command.id %> github github.personal_access_token',
    '<%= config.bin %> <%= command.id %> github github.personal_access_token < token.txt',
    '<%= config.bin %> <%= command.id %> github github.personal_access_token    # prompts on a terminal',
  ];

  static override usage = '<%= command.id %> SERVER NAME [--value-stdin] [--force] [--json] [--url <url>]';

  /**
   * Not strict, so that a value given by mistake as an extra argument is refused by this command without
   * being repeated (oclif's own error would quote it).
   */
  static override strict = false;

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
    name: Args.string({ description: 'Name of the secret, as its catalog entry declares it (e.g. github.personal_access_token).', required: true }),
  };

  static override flags = {
    'value-stdin': Flags.boolean({ summary: 'Read the value from stdin (the default when stdin is not a terminal).', default: false }),
    force: Flags.boolean({ summary: 'Set the secret even though the catalog entry does not declare it.', default: false }),
    json: Flags.boolean({ summary: 'Print {server, secret: {name, updatedAt, updatedBy}} as JSON (never the value).', default: false }),
  };

  async run(): Promise<void> {
    const { args, argv, flags } = await this.parse(SecretSet);
    if (argv.length > 2) {
      throw new PortalError(
        'secret set takes no value argument: pipe the value on stdin (printf %s "$VALUE" | docker mcp secret set SERVER NAME), or run it on a terminal to be prompted.',
        { code: 'BAD_USER_INPUT' },
      );
    }
    checkSecretName(args.name);
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const server = await serverWithSecrets(request, args.server);
    const declared = declaredSecrets(server);
    if (!flags.force && !declared.some((secret) => secret.name === args.name)) {
      const needs = declared.length > 0 ? `it declares ${declared.map((secret) => secret.name).join(', ')}` : 'it declares none';
      throw new PortalError(
        `The catalog entry of ${server.name} declares no secret "${args.name}" (${needs}), so the server would not get it; --force sets it anyway.`,
        { code: 'BAD_USER_INPUT' },
      );
    }

    const fromStdin = flags['value-stdin'] || !process.stdin.isTTY;
    const value = fromStdin ? await readAllStdin() : await promptHidden(`Value of ${args.name} for ${server.name}: `);
    checkSecretValue(value, fromStdin ? 'stdin' : 'prompt');
    let secret: SetServerSecretMutation['setServerSecret'];
    try {
      ({ setServerSecret: secret } = await request(setServerSecretMutation, { serverId: server.id, name: args.name, value }));
    } catch (error) {
      throw withoutSecretValue(error, value);
    }
    if (flags.json) this.printJson({ server: { id: server.id, name: server.name, status: server.status }, secret });
    else this.log(`Set secret ${secret.name} of ${server.name}; ${restartHint(server)}`);
  }
}
