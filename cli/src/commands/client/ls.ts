import { Flags } from '@oclif/core';
import { gatewayEntryName } from '@mcp-portal/schema/clients';
import { PortalCommand } from '../../lib/base-command.ts';
import { clientStatuses } from '../../lib/client-status.ts';
import { formatTable } from '../../lib/format.ts';

export default class ClientLs extends PortalCommand {
  static override summary = 'List the MCP clients the gateway can be connected to.';
  static override description =
    `Shows each known client's configuration file (global and, where the client has one, the project file in the current folder), ` +
    `whether it exists and whether it has the gateway's entry "${gatewayEntryName}".`;

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  static override flags = { json: Flags.boolean({ summary: 'Print a JSON array, one object per client and file.', default: false }) };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClientLs);
    const statuses = await clientStatuses();
    if (flags.json) return this.printJson(statuses);
    this.log(
      formatTable(
        ['CLIENT', 'SCOPE', 'FILE', 'GATEWAY', 'PATH'],
        statuses.map((status) => [
          status.client,
          status.scope,
          status.error ? 'invalid' : status.exists ? 'found' : 'missing',
          status.connected ? 'connected' : '-',
          status.path,
        ]),
      ),
    );
  }
}
