import { Flags } from '@oclif/core';
import { meQuery } from '../lib/operations.ts';
import { PortalCommand } from '../lib/base-command.ts';
import { PortalError } from '../lib/errors.ts';

export default class Whoami extends PortalCommand {
  static override summary = 'Show who you are logged in as.';
  static override description = 'Asks the router who the token (saved by login, or $DOCKER_MCP_TOKEN) belongs to.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  static override flags = {
    json: Flags.boolean({ summary: 'Print {id,email,role,url} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Whoami);
    const settings = await this.settings(flags.url);
    const { me } = await this.authenticatedRequest(settings, meQuery);
    if (!me) throw new PortalError(`The router at ${settings.url} does not know this token. Run \`docker mcp login\` to log in.`, { code: 'UNAUTHENTICATED' });
    if (flags.json) this.printJson({ ...me, url: settings.url });
    else this.log(`${me.email} (${me.role}) at ${settings.url}`);
  }
}
