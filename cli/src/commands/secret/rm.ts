import { Args, Flags } from '@oclif/core';
import { deleteServerSecretMutation } from '../../lib/operations.ts';
import { PortalError } from '../../lib/errors.ts';
import { restartHint } from '../../lib/restart-hint.ts';
import { checkSecretName, declaredSecrets, serverWithSecrets } from '../../lib/secrets.ts';
import { ServerCommand } from '../../lib/server-command.ts';

export default class SecretRm extends ServerCommand {
  static override summary = 'Remove a secret of a server.';
  static override description =
    'Operator or admin. A running server keeps the value it started with until it restarts; a server whose catalog entry needs the ' +
    'secret will not start again until it is set.';
  static override hiddenAliases = ['secret:remove'];
  static override examples = ['<%= config.bin %> <%= command.id %> github github.personal_access_token'];

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
    name: Args.string({ description: 'Name of the secret.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print {server, name, deleted} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SecretRm);
    checkSecretName(args.name);
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const server = await serverWithSecrets(request, args.server);
    const { deleteServerSecret: deleted } = await request(deleteServerSecretMutation, { serverId: server.id, name: args.name });
    if (!deleted) {
      throw new PortalError(`${server.name} has no secret "${args.name}": see \`docker mcp secret ls ${server.name}\`.`, { code: 'NOT_FOUND' });
    }
    if (flags.json) this.printJson({ server: { id: server.id, name: server.name, status: server.status }, name: args.name, deleted });
    else this.log(`Removed secret ${args.name} of ${server.name}; ${restartHint(server, 'apply')}`);
    if (declaredSecrets(server).some((secret) => secret.name === args.name)) {
      this.logToStderr(`Warning: the catalog entry of ${server.name} needs ${args.name}: ${server.name} will not start again until it is set.`);
    }
  }
}
