import { Args, Flags } from '@oclif/core';
import { PortalCommand } from '../../../lib/base-command.ts';
import { PortalError } from '../../../lib/errors.ts';
import { oauthGrantApplication } from '../../../lib/oauth-format.ts';
import { isGrantId, revokeOAuthGrantMutation } from '../../../lib/oauth-operations.ts';

export default class OAuthAppsRevoke extends PortalCommand {
  static override summary = "End an authorized application's access.";
  static override description =
    "Revokes an application you authorized at the platform (an admin: anyone's): its refresh tokens stop working at " +
    'once and its access tokens when they expire (minutes); it has to be authorized again. Revoking a revoked one ' +
    'changes nothing.';

  static override examples = ['<%= config.bin %> <%= command.id %> 3f2b…', '<%= config.bin %> <%= command.id %> 3f2b… --json'];

  static override args = {
    id: Args.string({ description: 'The grant id, as `oauth apps ls` shows it.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the revoked application (with revokedAt) as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OAuthAppsRevoke);
    const unknown = () =>
      new PortalError(`There is no authorized application ${args.id} that you may revoke: see \`docker mcp oauth apps ls\`.`, { code: 'NOT_FOUND' });
    if (!isGrantId(args.id)) throw unknown();
    const settings = await this.settings(flags.url);
    const { revokeOAuthGrant: revoked } = await this.authenticatedRequest(settings, revokeOAuthGrantMutation, { id: args.id.trim() }).catch(
      (error: unknown) => {
        throw error instanceof PortalError && error.code === 'NOT_FOUND' ? unknown() : error;
      },
    );
    if (flags.json) this.printJson(revoked);
    else this.log(`Revoked ${oauthGrantApplication(revoked)} (authorized by ${revoked.user.email}): its tokens no longer refresh`);
  }
}
