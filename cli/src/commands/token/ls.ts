import { Flags } from '@oclif/core';
import { PortalCommand } from '../../lib/base-command.ts';
import { tokensTable } from '../../lib/format.ts';
import { apiTokensQuery } from '../../lib/operations.ts';

export default class TokenLs extends PortalCommand {
  static override summary = 'List your API tokens.';
  static override description = 'Lists the API tokens you created, newest first, revoked ones included. Secrets are never shown.';
  static override hiddenAliases = ['token:list'];
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  static override flags = {
    json: Flags.boolean({ summary: 'Print a JSON array of tokens.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(TokenLs);
    const settings = await this.settings(flags.url);
    const { apiTokens } = await this.authenticatedRequest(settings, apiTokensQuery);
    if (flags.json) this.printJson(apiTokens);
    else this.log(tokensTable(apiTokens));
  }
}
