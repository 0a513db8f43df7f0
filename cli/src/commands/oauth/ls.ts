import { Flags } from '@oclif/core';
import { PortalCommand } from '../../lib/base-command.ts';
import { PortalError } from '../../lib/errors.ts';
import { oauthConnectionsTable } from '../../lib/oauth-format.ts';
import { oauthConnectionsQuery } from '../../lib/oauth-operations.ts';
import { meQuery } from '../../lib/operations.ts';
import { resolveServer, type Request } from '../../lib/servers.ts';

export default class OAuthLs extends PortalCommand {
  static override summary = 'List OAuth connections to remote MCP servers.';
  static override description =
    "Lists your OAuth connections and the team's: server, whose, status (NEEDS_AUTHORIZATION, AUTHORIZED, EXPIRED, " +
    "REVOKED, FAILED), scopes and when the token expires. Admins list everyone's with --all. Tokens are never shown.";

  static override hiddenAliases = ['oauth:list'];
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --all --json',
    '<%= config.bin %> <%= command.id %> --server notion',
  ];

  static override flags = {
    all: Flags.boolean({ summary: "Everyone's connections (admins).", default: false }),
    server: Flags.string({ summary: 'Only the connections to this server (name or id).', helpValue: '<server>' }),
    json: Flags.boolean({ summary: 'Print a JSON array of connections.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(OAuthLs);
    const settings = await this.settings(flags.url);
    const request: Request = (document, variables) => this.authenticatedRequest(settings, document, variables);
    const [{ me }, server] = await Promise.all([request(meQuery), flags.server ? resolveServer(request, flags.server) : Promise.resolve(null)]);
    if (!me) throw new PortalError('The router does not know this token: run `docker mcp login`.', { code: 'UNAUTHENTICATED' });
    if (flags.all && me.role !== 'ADMIN') throw new PortalError("--all lists everyone's connections: only an admin may.", { code: 'FORBIDDEN' });
    const { oauthConnections } = await request(oauthConnectionsQuery, server ? { serverId: server.id } : {});
    // An admin's answer holds everyone's: without --all, only theirs and the team's.
    const connections = flags.all ? oauthConnections : oauthConnections.filter((connection) => connection.team || connection.user?.id === me.id);
    if (flags.json) this.printJson(connections);
    else if (connections.length === 0) this.log('No OAuth connection yet: `docker mcp oauth authorize SERVER` starts one.');
    else this.log(oauthConnectionsTable(connections));
  }
}
