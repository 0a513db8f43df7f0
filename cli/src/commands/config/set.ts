import { Args, Flags } from '@oclif/core';
import { setServerConfigMutation, type ConfigValueView } from '../../lib/operations.ts';
import { checkConfigKeysAccepted, serverWithConfigKeys } from '../../lib/config-keys.ts';
import { parseConfigPairs } from '../../lib/config-values.ts';
import { restartHint } from '../../lib/restart-hint.ts';
import { ServerCommand } from '../../lib/server-command.ts';

export default class ConfigSet extends ServerCommand {
  static override summary = 'Set configuration values of a server.';
  static override description =
    'Operator or admin. Each VALUE is read as JSON when it is JSON (numbers, true/false, [arrays], {objects}, "quoted strings"), else ' +
    'taken as text; --string takes every value as text. Null and empty values are refused (remove a key with `config rm`). All pairs are ' +
    "checked before any is sent, and each key must be one the server's catalog entry reads (a property of its config schema, such as " +
    'filesystem.paths, or a {{key}} template it uses) unless --force. The server reads its configuration when it starts: restart it to use ' +
    'the new values.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> filesystem filesystem.paths=\'["/data","/tmp"]\'',
    '<%= config.bin %> <%= command.id %> memory memory.max_entities=500 memory.read_only=false',
    '<%= config.bin %> <%= command.id %> memory memory.label=123 --string',
  ];

  static override usage = '<%= command.id %> SERVER KEY=VALUE [KEY=VALUE...] [--string] [--force] [--json] [--url <url>]';

  /** Any number of KEY=VALUE pairs. */
  static override strict = false;

  static override args = {
    server: Args.string({ description: 'Name or id of an enabled server.', required: true }),
    pairs: Args.string({ description: 'KEY=VALUE pairs; VALUE is read as JSON when it is JSON, else as text.', required: true }),
  };

  static override flags = {
    string: Flags.boolean({ summary: 'Take every VALUE as text, even when it is JSON (123 stays "123").', default: false }),
    force: Flags.boolean({ summary: 'Set keys the catalog entry does not read (the server will not see them).', default: false }),
    json: Flags.boolean({ summary: 'Print {server, config: [{key, value, updatedAt, updatedBy}]} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ConfigSet);
    const [ref = '', ...pairs] = argv as string[];
    const values = parseConfigPairs(pairs, { asString: flags.string });
    const settings = await this.settings(flags.url);
    const request = this.requester(settings);
    const found = await serverWithConfigKeys(request, ref);
    if (!flags.force)
      checkConfigKeysAccepted(
        found,
        values.map((pair) => pair.key),
      );
    const server = { id: found.id, name: found.name, status: found.status };
    const set: ConfigValueView[] = [];
    for (const { key, value } of values) {
      set.push((await request(setServerConfigMutation, { serverId: server.id, key, value })).setServerConfig);
    }
    if (flags.json) this.printJson({ server, config: set });
    else this.log(`Set config ${set.map((entry) => entry.key).join(', ')} of ${server.name}; ${restartHint(server, set.length > 1 ? 'use them' : 'use it')}`);
  }
}
