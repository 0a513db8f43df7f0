import { Args, Flags } from '@oclif/core';
import { callToolMutation } from '../../lib/operations.ts';
import { PortalError } from '../../lib/errors.ts';
import { ServerCommand } from '../../lib/server-command.ts';
import { resolveServer } from '../../lib/servers.ts';
import { buildToolArguments } from '../../lib/tool-arguments.ts';
import { findTool } from '../../lib/tools.ts';

export default class ToolsCall extends ServerCommand {
  static override summary = 'Call a tool of a running MCP server.';
  static override description =
    'Arguments are key=value pairs, converted by the type the tool declares in its input schema (numbers, integers, booleans, ' +
    'arrays and objects are read as JSON; strings are taken as they are), and/or one JSON object with --arguments (key=value ' +
    'pairs win). Unknown and missing required arguments are refused before the call. Prints the text of the result; exits 1 when ' +
    'the tool reports an error. The call goes through the router (callTool) as the signed-in user (operator or admin).';
  static override examples = [
    '<%= config.bin %> <%= command.id %> memory read_graph',
    '<%= config.bin %> <%= command.id %> memory search_nodes query=alice',
    `<%= config.bin %> <%= command.id %> memory create_entities --arguments '{"entities":[{"name":"alice","entityType":"person","observations":["likes tea"]}]}'`,
  ];

  static override usage = '<%= command.id %> SERVER TOOL [KEY=VALUE...] [--arguments <json>] [--json] [--url <url>]';

  /** Any number of key=value pairs after the tool. */
  static override strict = false;

  static override args = {
    server: Args.string({ description: 'Name or id of a running server.', required: true }),
    tool: Args.string({ description: 'Name of one of its tools.', required: true }),
    arguments: Args.string({ description: 'key=value pairs, converted by the types of the input schema.', required: false }),
  };

  static override flags = {
    arguments: Flags.string({ summary: 'The arguments as one JSON object (key=value pairs are added on top).', helpValue: '<json>' }),
    json: Flags.boolean({ summary: 'Print the whole result as JSON ({isError, content, structuredContent, text}).', default: false }),
  };

  async run(): Promise<void> {
    const { args, argv, flags } = await this.parse(ToolsCall);
    const pairs = (argv as string[]).slice(2);
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const server = await resolveServer(request, args.server);
    if (server.status !== 'RUNNING' && server.status !== 'UNHEALTHY') {
      throw new PortalError(`${server.name} is not running (${server.status}): start it with \`docker mcp server start ${server.name}\`.`, {
        code: 'CONFLICT',
      });
    }
    const tool = await findTool(request, server, args.tool);
    const toolArguments = buildToolArguments(tool, pairs, flags.arguments);
    const { callTool: result } = await request(callToolMutation, { serverId: server.id, name: tool.name, arguments: toolArguments });
    if (flags.json) this.printJson(result);
    else if (result.text) this.log(result.text);
    else if (Array.isArray(result.content) && result.content.length > 0)
      this.logToStderr(`The result has no text (${result.content.length} other content part(s)): use --json to see it.`);
    if (result.isError) this.error(`The tool ${tool.name} reported an error${flags.json || result.text ? ' (above)' : ''}.`, { exit: 1 });
  }
}
