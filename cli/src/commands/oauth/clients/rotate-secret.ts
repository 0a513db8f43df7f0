import { Args, Flags } from '@oclif/core';
import { PortalCommand } from '../../../lib/base-command.ts';
import { rotateOAuthClientSecretMutation } from '../../../lib/oauth-operations.ts';

export default class OAuthClientsRotateSecret extends PortalCommand {
  static override summary = "Replace a confidential OAuth client's secret (admins).";
  static override description =
    'Gives a confidential client (client_secret_basic or client_secret_post) a new secret and prints it once: only ' +
    'its hash is kept, and the old secret stops working at once. With the azure backend the new secret is a new ' +
    "password of the client's Entra application, stored as the next version of its Key Vault secret, and the old " +
    'password is removed; if a step fails the old secret keeps working. A public or revoked client has no secret to rotate.';

  static override examples = ['<%= config.bin %> <%= command.id %> mcp_3Jx…', '<%= config.bin %> <%= command.id %> mcp_3Jx… --json'];

  static override args = {
    clientId: Args.string({ description: 'The client id, as `oauth clients ls` shows it.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print {clientSecret, client} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OAuthClientsRotateSecret);
    const settings = await this.settings(flags.url);
    const { rotateOAuthClientSecret: rotated } = await this.authenticatedRequest(settings, rotateOAuthClientSecretMutation, { clientId: args.clientId });
    if (flags.json) return this.printJson(rotated);
    this.log(`New client secret of ${rotated.client.clientId} (shown once; the old one no longer works):`);
    this.log(rotated.clientSecret);
  }
}
