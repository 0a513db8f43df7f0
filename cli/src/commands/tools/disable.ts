import { Args, Flags } from '@oclif/core';
import { ServerCommand } from '../../lib/server-command.ts';
import { resolveServer } from '../../lib/servers.ts';
import { policyLine, setToolPolicy } from '../../lib/tool-policy.ts';

export default class ToolsDisable extends ServerCommand {
  static override summary = 'Disable a tool of a server for everyone (admin).';
  static override description =
    'Sets the tool policy: the gateway-proxy leaves the tool out of tools/list for every client and refuses its calls, and so does GraphQL callTool. ' +
    'Connected MCP clients are told tools/list_changed. A server that never ran accepts any tool name, so a tool can be disabled before its first start. ' +
    '`tools enable` undoes it.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> memory delete_entities',
    '<%= config.bin %> <%= command.id %> memory delete_entities --json',
  ];

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
    tool: Args.string({ description: "The tool's own name on that server.", required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the tool policy as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ToolsDisable);
    const request = this.requester(await this.settings(flags.url));
    const policy = await setToolPolicy(request, await resolveServer(request, args.server), args.tool, { enabled: false });
    if (flags.json) this.printJson(policy);
    else this.log(policyLine(policy));
  }
}
