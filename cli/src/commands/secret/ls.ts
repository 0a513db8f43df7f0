import { Args, Flags } from '@oclif/core';
import { ServerCommand } from '../../lib/server-command.ts';
import { secretListing, secretsTable, serverWithSecrets } from '../../lib/secrets.ts';

export default class SecretLs extends ServerCommand {
  static override summary = "List a server's secrets: set or missing (never their values).";
  static override description =
    'Every secret the catalog entry of the server declares, with the environment variable the server gets it in and whether it is set, ' +
    'then any other secret the server has. Values are never shown: the API cannot read them back.';
  static override hiddenAliases = ['secret:list'];
  static override examples = ['<%= config.bin %> <%= command.id %> github', '<%= config.bin %> <%= command.id %> github --json'];

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print a JSON array of {name, env, state, declared, description, updatedAt, updatedBy}.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SecretLs);
    const settings = await this.settings(flags.url);
    const server = await serverWithSecrets(this.requester(settings), args.server);
    const rows = secretListing(server);
    if (flags.json) {
      this.printJson(rows);
      return;
    }
    this.log(secretsTable(rows));
    const extra = rows.filter((row) => !row.declared).map((row) => row.name);
    if (extra.length > 0) {
      this.logToStderr(
        `Note: the catalog entry of ${server.name} does not declare ${extra.join(', ')}, so the server does not get ${extra.length > 1 ? 'them' : 'it'}.`,
      );
    }
  }
}
