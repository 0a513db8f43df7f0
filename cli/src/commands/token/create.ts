import { Args, Flags } from '@oclif/core';
import type { Role } from '../../lib/operations.ts';
import { PortalCommand } from '../../lib/base-command.ts';
import { createApiTokenMutation } from '../../lib/operations.ts';

const MAX_EXPIRY_DAYS = 365;
const DEFAULT_EXPIRY_DAYS = 90;

export default class TokenCreate extends PortalCommand {
  static override summary = 'Create an API token.';
  static override description =
    'Creates a long-lived token for scripts and integrations (use it as DOCKER_MCP_TOKEN or `Authorization: Bearer`). ' +
    'The token is printed on stdout once and cannot be shown again. Its role cannot be above yours.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> ci',
    '<%= config.bin %> <%= command.id %> deploy --role operator --expires-in 30',
    'DOCKER_MCP_TOKEN=$(<%= config.bin %> <%= command.id %> ci) <%= config.bin %> server ls',
  ];

  static override args = {
    name: Args.string({ description: 'A name to recognise the token by.', required: true }),
  };

  static override flags = {
    role: Flags.string({ summary: 'Role of the token (at most yours).', options: ['viewer', 'operator', 'admin'], default: 'viewer' }),
    'expires-in': Flags.integer({
      summary: `Days until the token expires (1 to ${MAX_EXPIRY_DAYS}).`,
      min: 1,
      max: MAX_EXPIRY_DAYS,
      default: DEFAULT_EXPIRY_DAYS,
      helpValue: '<days>',
    }),
    json: Flags.boolean({ summary: 'Print {token, apiToken} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TokenCreate);
    const settings = await this.settings(flags.url);
    const role = flags.role.toUpperCase() as Role;
    const expiresAt = new Date(Date.now() + flags['expires-in'] * 86_400_000).toISOString();
    const { createApiToken: created } = await this.authenticatedRequest(settings, createApiTokenMutation, {
      name: args.name,
      role,
      expiresAt,
    });
    const { apiToken } = created;
    // The token alone on stdout (so that `$(docker mcp token create …)` captures it), the rest on stderr.
    if (flags.json) this.printJson(created);
    else this.log(created.token);
    this.logToStderr(
      `Created API token ${apiToken.name} (${apiToken.id}, ${apiToken.role}, expires ${apiToken.expiresAt ?? 'never'}).\n` +
        'Warning: copy the token now: it will not be shown again.',
    );
  }
}
