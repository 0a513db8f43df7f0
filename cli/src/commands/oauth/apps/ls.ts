import { Flags } from '@oclif/core';
import { PortalCommand } from '../../../lib/base-command.ts';
import { oauthGrantsTable } from '../../../lib/oauth-format.ts';
import { oauthGrantsQuery, resolveUserId } from '../../../lib/oauth-operations.ts';
import type { Request } from '../../../lib/servers.ts';

export default class OAuthAppsLs extends PortalCommand {
  static override summary = "List the applications you authorized at the platform's authorization server.";
  static override description =
    'Lists the MCP clients you signed in with OAuth (they get tokens for the gateway-proxy that act as you), newest ' +
    'first: the grant id (for `oauth apps revoke`), the application (its registered name, or for a client known by its ' +
    "metadata document that document's host), the user, the scopes, its status, when it was authorized and when it " +
    "last refreshed its tokens. Revoked ones with --include-revoked; admins list one user's with --user or " +
    "everyone's with --all. Tokens are never shown.";

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --include-revoked',
    '<%= config.bin %> <%= command.id %> --all --json',
    '<%= config.bin %> <%= command.id %> --user alice@example.com',
  ];

  static override flags = {
    all: Flags.boolean({ summary: "Everyone's applications (admins).", default: false, exclusive: ['user'] }),
    user: Flags.string({ summary: "This user's applications (email or id; admins).", helpValue: '<user>' }),
    'include-revoked': Flags.boolean({ summary: 'Also the revoked ones.', default: false }),
    json: Flags.boolean({ summary: 'Print a JSON array of authorized applications.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(OAuthAppsLs);
    const settings = await this.settings(flags.url);
    const request: Request = (document, variables) => this.authenticatedRequest(settings, document, variables);
    const userId = flags.user === undefined ? undefined : await resolveUserId(request, flags.user);
    const { oauthGrants: grants } = await request(oauthGrantsQuery, {
      ...(userId ? { userId } : {}),
      ...(flags.all ? { everyone: true } : {}),
      includeRevoked: flags['include-revoked'],
    });
    if (flags.json) this.printJson(grants);
    else if (grants.length === 0)
      this.log(flags['include-revoked'] ? 'No authorized application.' : 'No authorized application (--include-revoked shows revoked ones).');
    else this.log(oauthGrantsTable(grants));
  }
}
