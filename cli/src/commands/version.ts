import { Flags } from '@oclif/core';
import { PortalCommand } from '../lib/base-command.ts';
import { labelled } from '../lib/servers.ts';
import { clientVersion } from '../lib/version.ts';

export default class Version extends PortalCommand {
  static override summary = 'Show the version of the CLI, Node and the platform it runs on.';
  static override description =
    'The CLI version is the one in the plugin metadata (`docker-mcp docker-cli-plugin-metadata`) and in `docker mcp --version`. ' +
    'The router reports no version of its own, so the server side shows the router URL commands use and "unknown"; nothing is sent to it.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  static override flags = {
    json: Flags.boolean({ summary: 'Print {client: {version, node, platform, arch}, server: {url, version}} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    const client = clientVersion();
    // The version is worth showing even with a broken settings file or URL: the router is then unknown.
    let url: string | null = null;
    let urlProblem = '';
    try {
      ({ url } = await this.settings(flags.url));
    } catch (error) {
      urlProblem = error instanceof Error ? error.message : String(error);
    }
    if (flags.json) {
      this.printJson({ client, server: { url, version: null } });
      return;
    }
    this.log(
      labelled([
        ['Version', client.version],
        ['Node', client.node],
        ['Platform', `${client.platform}/${client.arch}`],
        ['Router', url ?? `unknown (${urlProblem})`],
        ['Server', 'unknown (the router reports no version)'],
      ]),
    );
  }
}
