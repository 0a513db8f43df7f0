import { Args, Flags } from '@oclif/core';
import { PortalCommand } from '../../../lib/base-command.ts';
import { PortalError } from '../../../lib/errors.ts';
import { describeOAuthClient } from '../../../lib/oauth-format.ts';
import { oauthClientQuery } from '../../../lib/oauth-operations.ts';

export default class OAuthClientsShow extends PortalCommand {
  static override summary = 'Show one registered OAuth client (admins).';
  static override description =
    'Shows a client registered through dynamic client registration: whether it is active or revoked, its metadata, ' +
    'redirect URIs, when its secret expires, who registered it and from which address, when it was created, updated ' +
    'and last used, and for the azure backend its Entra application and service principal object ids and the Key ' +
    'Vault secret that keeps its secret. Never the secret itself.';

  static override examples = ['<%= config.bin %> <%= command.id %> mcp_3Jx…', '<%= config.bin %> <%= command.id %> mcp_3Jx… --json'];

  static override args = {
    clientId: Args.string({ description: 'The client id, as `oauth clients ls` shows it.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the client as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OAuthClientsShow);
    const settings = await this.settings(flags.url);
    const { oauthClient: client } = await this.authenticatedRequest(settings, oauthClientQuery, { clientId: args.clientId });
    if (!client) throw new PortalError(`There is no OAuth client ${args.clientId}: see \`docker mcp oauth clients ls\`.`, { code: 'NOT_FOUND' });
    if (flags.json) this.printJson(client);
    else this.log(describeOAuthClient(client));
  }
}
