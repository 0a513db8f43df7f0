import { Args, Flags } from '@oclif/core';
import { PortalCommand } from '../../../lib/base-command.ts';
import { PortalError } from '../../../lib/errors.ts';
import { revokeOAuthClientMutation } from '../../../lib/oauth-operations.ts';
import { promptLine } from '../../../lib/prompt.ts';

export default class OAuthClientsRevoke extends PortalCommand {
  static override summary = 'Revoke a registered OAuth client (admins).';
  static override description =
    'Revokes a client: its secret, its registration access token and the grants users gave it stop working and it ' +
    'is removed at its backend (azure: its vault secret, service principal and application), so nothing can use or ' +
    'manage it again (the MCP client registers anew); it stays listed as revoked, for the record. Asks first on a ' +
    'terminal; --yes skips the question (needed when stdin is not a terminal).';

  static override examples = ['<%= config.bin %> <%= command.id %> mcp_3Jx…', '<%= config.bin %> <%= command.id %> mcp_3Jx… --yes --json'];

  static override args = {
    clientId: Args.string({ description: 'The client id, as `oauth clients ls` shows it.', required: true }),
  };

  static override flags = {
    yes: Flags.boolean({ char: 'y', summary: 'Revoke without asking.', default: false }),
    json: Flags.boolean({ summary: 'Print the revoked client (with revokedAt) as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OAuthClientsRevoke);
    if (!flags.yes) {
      if (!process.stdin.isTTY) throw new PortalError(`Revoking ${args.clientId} cannot be undone: pass --yes to confirm (stdin is not a terminal).`);
      const answer = await promptLine(`Revoke the OAuth client ${args.clientId}? It cannot be undone. [y/N] `);
      if (!/^y(es)?$/i.test(answer)) throw new PortalError('Cancelled: nothing was revoked.');
    }
    const settings = await this.settings(flags.url);
    const { revokeOAuthClient: revoked } = await this.authenticatedRequest(settings, revokeOAuthClientMutation, { clientId: args.clientId });
    if (flags.json) this.printJson(revoked);
    else this.log(`Revoked the OAuth client ${revoked.clientId}${revoked.clientName ? ` (${revoked.clientName})` : ''}`);
  }
}
