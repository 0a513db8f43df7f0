import { Flags } from '@oclif/core';
import { PortalCommand } from '../../../lib/base-command.ts';
import { oauthClientsTable } from '../../../lib/oauth-format.ts';
import { oauthClientsQuery, resolveUserId } from '../../../lib/oauth-operations.ts';
import type { Request } from '../../../lib/servers.ts';

export default class OAuthClientsLs extends PortalCommand {
  static override summary = 'List the OAuth clients registered through dynamic client registration (admins).';
  static override description =
    'Lists the clients MCP clients registered with the platform (RFC 7591), newest first: client id, name, status ' +
    '(active, or revoked: kept for the record), backend, token endpoint authentication (none: a public client), ' +
    'redirect hosts, who registered it, when, and when it was last used. Filters by status, backend, creator and a ' +
    'search over id, name and redirect URIs; a page at a time (--after with the cursor printed under the table). ' +
    'Secrets are never shown.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --backend local --search claude',
    '<%= config.bin %> <%= command.id %> --status active',
    '<%= config.bin %> <%= command.id %> --created-by alice@example.com --json',
  ];

  static override flags = {
    status: Flags.string({ summary: 'Only active or only revoked clients (default: both).', options: ['active', 'revoked'] }),
    backend: Flags.string({ summary: 'Only the clients of this backend.', options: ['local', 'azure'] }),
    'created-by': Flags.string({ summary: 'Only the clients this user registered (email or id).', helpValue: '<user>' }),
    search: Flags.string({ summary: 'Case-insensitive text in the client id, name or redirect URIs.', helpValue: '<text>' }),
    limit: Flags.integer({ summary: 'At most this many clients (1-200).', default: 50, min: 1, max: 200 }),
    after: Flags.string({ summary: 'The cursor of the previous page.', helpValue: '<cursor>' }),
    json: Flags.boolean({ summary: 'Print {clients, endCursor, hasNextPage, totalCount} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(OAuthClientsLs);
    const settings = await this.settings(flags.url);
    const request: Request = (document, variables) => this.authenticatedRequest(settings, document, variables);
    const createdBy = flags['created-by'] === undefined ? undefined : await resolveUserId(request, flags['created-by']);
    const filter = {
      ...(flags.status ? { status: flags.status === 'revoked' ? ('REVOKED' as const) : ('ACTIVE' as const) } : {}),
      ...(flags.backend ? { backend: flags.backend === 'azure' ? ('AZURE' as const) : ('LOCAL' as const) } : {}),
      ...(createdBy ? { createdBy } : {}),
      ...(flags.search ? { search: flags.search } : {}),
    };
    const { oauthClients: page } = await request(oauthClientsQuery, { filter, first: flags.limit, ...(flags.after ? { after: flags.after } : {}) });
    if (flags.json) return this.printJson(page);
    if (page.clients.length === 0) {
      this.log(page.totalCount === 0 ? 'No OAuth client registered (that matches).' : 'No more OAuth clients.');
      return;
    }
    this.log(oauthClientsTable(page.clients));
    if (page.hasNextPage && page.endCursor) this.log(`\n${page.clients.length} of ${page.totalCount}; next page: --after ${page.endCursor}`);
  }
}
