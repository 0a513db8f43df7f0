import { Args, Flags } from '@oclif/core';
import { PortalCommand } from '../../lib/base-command.ts';
import { revokeApiTokenMutation } from '../../lib/operations.ts';

export default class TokenRevoke extends PortalCommand {
  static override summary = 'Revoke an API token.';
  static override description = "Revokes one of your API tokens (admins: anyone's). Within five minutes it stops working everywhere.";
  static override examples = ['<%= config.bin %> <%= command.id %> 3f0c…', '<%= config.bin %> <%= command.id %> 3f0c… --json'];

  static override args = {
    id: Args.string({ description: 'ID of the token, as shown by `token ls`.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print {id, revokedAt} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TokenRevoke);
    const settings = await this.settings(flags.url);
    const { revokeApiToken: revoked } = await this.authenticatedRequest(settings, revokeApiTokenMutation, { id: args.id });
    if (flags.json) this.printJson(revoked);
    else this.log(`Revoked API token ${revoked.id}`);
  }
}
