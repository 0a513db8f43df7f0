import { Args, Flags } from '@oclif/core';
import { ServerCommand } from '../../lib/server-command.ts';
import { describeTool, resolveServer } from '../../lib/servers.ts';
import { findTool } from '../../lib/tools.ts';

export default class ToolsInspect extends ServerCommand {
  static override summary = 'Show one tool: its description, input schema and annotations.';
  static override examples = ['<%= config.bin %> <%= command.id %> memory create_entities', '<%= config.bin %> <%= command.id %> memory read_graph --json'];

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
    tool: Args.string({ description: 'Name of one of its tools.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the tool as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ToolsInspect);
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const server = await resolveServer(request, args.server);
    const tool = await findTool(request, server, args.tool);
    if (flags.json) this.printJson(tool);
    else this.log(describeTool(tool, server.name));
  }
}
