import { Args, Flags } from '@oclif/core';
import { PortalCommand } from '../../lib/base-command.ts';
import { forWhom } from '../../lib/oauth-format.ts';
import { revokeServerAuthorizationMutation, resolveUserId } from '../../lib/oauth-operations.ts';
import { resolveServer, type Request } from '../../lib/servers.ts';

export default class OAuthRevoke extends PortalCommand {
  static override summary = 'Revoke an OAuth connection to a remote MCP server.';
  static override description =
    'Revokes the tokens at the authorization server (RFC 7009, best effort) and erases them from the platform: your own ' +
    "connection, or with --user another user's (admins). On a team server it revokes the team's connection (admins). " +
    'Calls to the server then need a new authorization.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> notion',
    '<%= config.bin %> <%= command.id %> notion --user alice@example.com',
    '<%= config.bin %> <%= command.id %> notion --json',
  ];

  static override args = {
    server: Args.string({ description: 'Name or id of the enabled remote server.', required: true }),
  };

  static override flags = {
    user: Flags.string({ summary: "Revoke this user's connection (email or id; admins).", helpValue: '<user>' }),
    json: Flags.boolean({ summary: 'Print the revoked connection as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OAuthRevoke);
    const settings = await this.settings(flags.url);
    const request: Request = (document, variables) => this.authenticatedRequest(settings, document, variables);
    const server = await resolveServer(request, args.server);
    const userId = flags.user === undefined ? undefined : await resolveUserId(request, flags.user);
    const { revokeServerAuthorization: revoked } = await request(revokeServerAuthorizationMutation, {
      serverId: server.id,
      ...(userId ? { userId } : {}),
    });
    if (flags.json) this.printJson(revoked);
    else this.log(`Revoked the OAuth connection to ${revoked.server.name} ${forWhom(revoked, flags.user === undefined)}`);
  }
}
