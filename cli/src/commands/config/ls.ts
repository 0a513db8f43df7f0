import { Args, Flags } from '@oclif/core';
import { configTable, serverWithConfig } from '../../lib/config-values.ts';
import { ServerCommand } from '../../lib/server-command.ts';

export default class ConfigLs extends ServerCommand {
  static override summary = "List a server's configuration values.";
  static override description =
    'The values the catalog entry reads with {{key}} templates when the server starts, ordered by key. The table shows each value as ' +
    'compact JSON (so "42", a string, differs from 42), cut to 60 characters; --json shows them whole.';
  static override hiddenAliases = ['config:list'];
  static override examples = ['<%= config.bin %> <%= command.id %> filesystem', '<%= config.bin %> <%= command.id %> filesystem --json'];

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print a JSON array of {key, value, updatedAt, updatedBy}.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ConfigLs);
    const settings = await this.settings(flags.url);
    const server = await serverWithConfig(this.requester(settings), args.server);
    if (flags.json) this.printJson(server.config);
    else this.log(configTable(server.config));
  }
}
