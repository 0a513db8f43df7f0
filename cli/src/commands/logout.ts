import { Flags } from '@oclif/core';
import { PortalCommand } from '../lib/base-command.ts';
import { readSavedLogin, settingsFile, writeSavedLogin } from '../lib/settings.ts';

export default class Logout extends PortalCommand {
  static override summary = 'Forget the saved token.';
  static override description = 'Removes the token from $DOCKER_CONFIG/mcp/portal.json; the router URL and email stay as defaults for the next login.';

  static override flags = {
    json: Flags.boolean({ summary: 'Print the result as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Logout);
    const saved = await readSavedLogin();
    const loggedIn = Boolean(saved?.token);
    if (saved && loggedIn) await writeSavedLogin({ url: saved.url, email: saved.email });
    if (flags.json) this.printJson({ loggedOut: loggedIn, url: saved?.url ?? null });
    else this.log(loggedIn ? `Logged out of ${saved?.url} (token removed from ${settingsFile()})` : 'Not logged in.');
  }
}
