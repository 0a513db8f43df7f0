import { Args, Flags } from '@oclif/core';
import { deleteServerConfigMutation } from '../../lib/operations.ts';
import { checkConfigKey } from '../../lib/config-values.ts';
import { PortalError } from '../../lib/errors.ts';
import { restartHint } from '../../lib/restart-hint.ts';
import { ServerCommand } from '../../lib/server-command.ts';
import { resolveServer } from '../../lib/servers.ts';

export default class ConfigRm extends ServerCommand {
  static override summary = 'Remove a configuration value of a server.';
  static override description =
    'Operator or admin. A running server keeps the value it started with until it restarts; a catalog entry that uses the key in a ' +
    '{{key}} template stops the next start until it is set again.';
  static override hiddenAliases = ['config:remove'];
  static override examples = ['<%= config.bin %> <%= command.id %> memory memory.max_entities'];

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
    key: Args.string({ description: 'The key to remove.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print {server, key, deleted} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ConfigRm);
    checkConfigKey(args.key);
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const server = await resolveServer(request, args.server);
    const { deleteServerConfig: deleted } = await request(deleteServerConfigMutation, { serverId: server.id, key: args.key });
    if (!deleted)
      throw new PortalError(`${server.name} has no config value "${args.key}": see \`docker mcp config ls ${server.name}\`.`, { code: 'NOT_FOUND' });
    if (flags.json) this.printJson({ server, key: args.key, deleted });
    else this.log(`Removed config ${args.key} of ${server.name}; ${restartHint(server, 'apply')}`);
  }
}
