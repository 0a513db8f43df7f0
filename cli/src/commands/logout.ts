import { Flags } from '@oclif/core';
import { revokeApiTokenMutation } from '../lib/operations.ts';
import { PortalCommand } from '../lib/base-command.ts';
import { graphqlRequest } from '../lib/client.ts';
import { PortalError } from '../lib/errors.ts';
import { normalizeUrl, readSavedLogin, settingsFile, writeSavedLogin, type SavedLogin } from '../lib/settings.ts';

const REVOKE_TIMEOUT_MS = 10_000;

/** What became of the saved token on the router. */
type Revocation = 'revoked' | 'already-invalid' | 'failed' | 'not-ours';

export default class Logout extends PortalCommand {
  static override summary = 'Log out: revoke and forget the saved token.';
  static override description =
    'Revokes the API token that `docker mcp login` created for this machine on the router, then removes it from ' +
    '$DOCKER_CONFIG/mcp/portal.json; the router URL and email stay as defaults for the next login. A token saved ' +
    'with --token-stdin is only forgotten, not revoked. When the router cannot be reached, the token is still ' +
    'forgotten and a warning says how to revoke it.';

  static override flags = {
    json: Flags.boolean({ summary: 'Print {loggedOut,url,tokenId,revoked} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Logout);
    const saved = await readSavedLogin();
    const loggedIn = Boolean(saved?.token);
    let revocation: Revocation = 'not-ours';
    if (saved?.token) {
      if (saved.tokenId) revocation = await this.revoke(saved as SavedLogin & { token: string; tokenId: string });
      await writeSavedLogin({ url: saved.url, email: saved.email });
    }
    const revoked = revocation === 'revoked';
    if (flags.json) {
      this.printJson({ loggedOut: loggedIn, url: saved?.url ?? null, tokenId: saved?.token ? (saved.tokenId ?? null) : null, revoked });
    } else if (!loggedIn) this.log('Not logged in.');
    else this.log(`Logged out of ${saved?.url} (${revoked ? `API token ${saved?.tokenId} revoked, ` : ''}token removed from ${settingsFile()})`);
  }

  /** Revokes the token login created, with itself; never fails the logout. */
  private async revoke(saved: SavedLogin & { token: string; tokenId: string }): Promise<Revocation> {
    const expiresAt = saved.expiresAt ? Date.parse(saved.expiresAt) : Number.NaN;
    if (!Number.isNaN(expiresAt) && expiresAt <= Date.now()) return 'already-invalid';
    const url = normalizeUrl(saved.url);
    try {
      await graphqlRequest({ url, token: saved.token, timeoutMs: REVOKE_TIMEOUT_MS }, revokeApiTokenMutation, { id: saved.tokenId });
      return 'revoked';
    } catch (error) {
      // Refused (revoked or expired already) or gone: nothing left to revoke.
      if (error instanceof PortalError && (error.code === 'UNAUTHENTICATED' || error.code === 'NOT_FOUND')) return 'already-invalid';
      const message = error instanceof Error ? error.message : String(error);
      const reason = message.replace(/: is the MCP Portal running\?.*$/, '').replace(/[.\s]+$/, '');
      const until = saved.expiresAt ? ` until ${saved.expiresAt}` : '';
      this.logToStderr(
        `Warning: could not revoke the API token ${saved.tokenId} on ${url} (${reason}); it stays valid${until}: ` +
          'revoke it on the API tokens page of the portal, or with `docker mcp token revoke` once logged in again.',
      );
      return 'failed';
    }
  }
}
