import { Flags } from '@oclif/core';
import { loginMutation, type LoginResult } from '@mcp-portal/schema/operations';
import { PortalCommand } from '../lib/base-command.ts';
import { graphqlRequest } from '../lib/client.ts';
import { PortalError } from '../lib/errors.ts';
import { promptHidden, promptLine, readAllStdin } from '../lib/prompt.ts';
import { DEFAULT_URL, normalizeUrl, readSavedLogin, writeSavedLogin, type SavedLogin } from '../lib/settings.ts';

export default class Login extends PortalCommand {
  static override summary = 'Log in to an MCP Portal router.';
  static override description =
    'Exchanges an email and password for a token and saves the router URL and token in $DOCKER_CONFIG/mcp/portal.json (mode 0600).';

  static override examples = [
    '<%= config.bin %> <%= command.id %> --url http://127.0.0.1:4000 --email admin@example.com',
    'printf %s "$PASSWORD" | <%= config.bin %> <%= command.id %> --email admin@example.com --password-stdin',
  ];

  static override flags = {
    email: Flags.string({ summary: 'Email address (prompted for when omitted).', helpValue: '<email>' }),
    'password-stdin': Flags.boolean({ summary: 'Read the password from stdin.', default: false }),
    json: Flags.boolean({ summary: 'Print the result as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Login);
    const saved = await this.savedLoginOrWarn();
    const url = normalizeUrl(flags.url || process.env.DOCKER_MCP_URL || saved?.url || DEFAULT_URL);

    let email = flags.email?.trim();
    if (!email) {
      if (flags['password-stdin']) throw new PortalError('--password-stdin needs --email.');
      if (!process.stdin.isTTY) throw new PortalError('--email is required when stdin is not a terminal.');
      const previous = saved?.email && normalizeUrl(saved.url) === url ? saved.email : undefined;
      email = (await promptLine(previous ? `Email (${previous}): ` : 'Email: ')) || previous;
    }
    if (!email) throw new PortalError('An email address is required.');

    const password = flags['password-stdin'] ? await readAllStdin() : await promptHidden('Password: ');
    if (!password) throw new PortalError(flags['password-stdin'] ? 'No password on stdin.' : 'A password is required.');

    // No login hint here: an UNAUTHENTICATED answer means wrong credentials, and says so.
    const { login } = await graphqlRequest<LoginResult>({ url }, loginMutation, { email, password });
    await writeSavedLogin({ url, token: login.token, email: login.user.email, expiresAt: login.expiresAt });

    if (flags.json) this.printJson({ url, email: login.user.email, role: login.user.role, expiresAt: login.expiresAt });
    else this.log(`Logged in as ${login.user.email} (${login.user.role})`);
  }

  /** Login replaces the file, so a corrupt one only earns a warning here. */
  private async savedLoginOrWarn(): Promise<SavedLogin | undefined> {
    try {
      return await readSavedLogin();
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      this.logToStderr(`Warning: ${error.message.replace(/; delete it and .*$/, '')}; it will be replaced.`);
      return undefined;
    }
  }
}
