import { Args, Flags } from '@oclif/core';
import { ServerCommand } from '../../lib/server-command.ts';
import { resolveServer } from '../../lib/servers.ts';
import { policyLine, setToolPolicy } from '../../lib/tool-policy.ts';

export default class ToolsEnable extends ServerCommand {
  static override summary = 'Enable a tool of a server again, or choose who may call it (admin).';
  static override description =
    'Sets the tool policy: the gateway-proxy lists the tool again and lets it be called. ' +
    '--min-role admin keeps it for admins (listed and callable for admins only); --min-role operator gives it back to operators. ' +
    'Without --min-role the role stays as it was (operator by default). Connected MCP clients are told tools/list_changed.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> memory delete_entities',
    '<%= config.bin %> <%= command.id %> memory delete_entities --min-role admin',
    '<%= config.bin %> <%= command.id %> memory delete_entities --json',
  ];

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
    tool: Args.string({ description: "The tool's own name on that server.", required: true }),
  };

  static override flags = {
    'min-role': Flags.string({ summary: 'The lowest role that may call the tool.', options: ['operator', 'admin'], helpValue: 'operator|admin' }),
    json: Flags.boolean({ summary: 'Print the tool policy as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ToolsEnable);
    const request = this.requester(await this.settings(flags.url));
    const minRole = flags['min-role'] === 'admin' ? 'ADMIN' : flags['min-role'] === 'operator' ? 'OPERATOR' : undefined;
    const policy = await setToolPolicy(request, await resolveServer(request, args.server), args.tool, { enabled: true, ...(minRole ? { minRole } : {}) });
    if (flags.json) this.printJson(policy);
    else this.log(policyLine(policy));
  }
}
