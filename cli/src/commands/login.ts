import { Flags } from '@oclif/core';
import { PortalCommand } from '../lib/base-command.ts';
import { launchBrowser } from '../lib/browser.ts';
import { pollDeviceToken, requestDeviceCode, type DeviceCode } from '../lib/device-login.ts';
import { PortalError } from '../lib/errors.ts';
import { API_TOKEN_PREFIX, deviceClientName, identifyToken, loginWithPassword, type CompletedLogin } from '../lib/login.ts';
import { minutesAndSeconds, showProgress, type Progress } from '../lib/progress.ts';
import { promptHidden, readAllStdin } from '../lib/prompt.ts';
import { DEFAULT_URL, normalizeUrl, readSavedLogin, writeSavedLogin, type SavedLogin } from '../lib/settings.ts';

/** Thrown into the device flow by Ctrl-C (or SIGTERM): the command then exits 128 + the signal number. */
class Interrupted extends Error {
  constructor(readonly exitCode: number) {
    super('Interrupted.');
  }
}

export default class Login extends PortalCommand {
  static override summary = 'Log in to an MCP Portal router.';
  static override description =
    'Without flags, signs in through the portal: it shows a code, opens the portal in your browser, and once you ' +
    'confirm the code there it saves an API token (90 days, your role) in $DOCKER_CONFIG/mcp/portal.json (mode 0600). ' +
    '--token-stdin saves an API token you already have; --email signs in with a password and creates the API token.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> --url https://portal.example.com',
    '<%= config.bin %> <%= command.id %> --no-browser',
    'printf %s "$TOKEN" | <%= config.bin %> <%= command.id %> --token-stdin',
    'printf %s "$PASSWORD" | <%= config.bin %> <%= command.id %> --email admin@example.com --password-stdin',
  ];

  static override flags = {
    email: Flags.string({ summary: 'Sign in with this email and a password instead of the browser.', helpValue: '<email>' }),
    'password-stdin': Flags.boolean({ summary: 'Read the password from stdin (needs --email).', default: false }),
    'token-stdin': Flags.boolean({
      summary: 'Read an API token (mcpat_…) from stdin and save it.',
      default: false,
      exclusive: ['email', 'password-stdin'],
    }),
    browser: Flags.boolean({
      summary: 'Open the sign-in page in a browser (only when stdout is a terminal); --no-browser only prints the link.',
      default: true,
      allowNo: true,
    }),
    json: Flags.boolean({ summary: 'Print {url,email,role,tokenId,expiresAt} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Login);
    const saved = await this.savedLoginOrWarn();
    const url = normalizeUrl(flags.url || process.env.DOCKER_MCP_URL || saved?.url || DEFAULT_URL);

    let login: CompletedLogin;
    if (flags['token-stdin']) login = await this.withTokenFromStdin(url);
    else if (flags.email !== undefined || flags['password-stdin']) login = await this.withPassword(url, flags.email, flags['password-stdin']);
    else login = await this.withBrowser(url, { browser: flags.browser });

    await writeSavedLogin(login);
    if (flags.json) {
      this.printJson({ url, email: login.email, role: login.role, tokenId: login.tokenId ?? null, expiresAt: login.expiresAt ?? null });
    } else this.log(`Logged in as ${login.email} (${login.role})`);
    if (process.env.DOCKER_MCP_TOKEN) this.logToStderr('Warning: DOCKER_MCP_TOKEN is set: it is used instead of the saved login until you unset it.');
  }

  private async withPassword(url: string, emailFlag: string | undefined, passwordStdin: boolean): Promise<CompletedLogin> {
    if (emailFlag === undefined) throw new PortalError('--password-stdin needs --email.');
    const email = emailFlag.trim();
    if (!email) throw new PortalError('An email address is required.');
    const password = passwordStdin ? await readAllStdin() : await promptHidden('Password: ');
    if (!password) throw new PortalError(passwordStdin ? 'No password on stdin.' : 'A password is required.');
    return loginWithPassword(url, email, password);
  }

  /** A token the user already has (from the portal or `token create`); logout will not revoke it. */
  private async withTokenFromStdin(url: string): Promise<CompletedLogin> {
    const token = (await readAllStdin()).trim();
    if (!token) throw new PortalError('No token on stdin.');
    if (!token.startsWith(API_TOKEN_PREFIX) || /\s/.test(token)) {
      throw new PortalError(`That is not an API token (they start with ${API_TOKEN_PREFIX}): create one in the portal or with \`docker mcp token create\`.`);
    }
    const identity = await identifyToken(url, token);
    return { url, token, email: identity.email, role: identity.role };
  }

  /** RFC 8628-style sign-in: show a code, open the portal, poll until the user answered there. */
  private async withBrowser(url: string, options: { browser: boolean }): Promise<CompletedLogin> {
    const cancel = new AbortController();
    const onSigint = () => cancel.abort(new Interrupted(130));
    const onSigterm = () => cancel.abort(new Interrupted(143));
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
    let progress: Progress | undefined;
    try {
      const { signal } = cancel;
      const code = await requestDeviceCode(url, deviceClientName(), { signal });
      this.showInstructions(code);
      if (options.browser && process.stdout.isTTY) {
        const launch = await launchBrowser(code.verificationUriComplete);
        if (!launch.opened) this.logToStderr(`Could not open a browser (${launch.reason}): open the page above in one yourself.`);
      }
      progress = showProgress(
        process.stderr,
        () => `Waiting for approval… (the code expires in ${minutesAndSeconds((code.expiresAt.getTime() - Date.now()) / 1000)})`,
      );
      const granted = await pollDeviceToken(url, code, { signal });
      const identity = await identifyToken(url, granted.token, { tokenId: granted.tokenId, signal });
      return {
        url,
        token: granted.token,
        tokenId: granted.tokenId,
        email: identity.email,
        role: identity.role,
        ...(identity.expiresAt ? { expiresAt: identity.expiresAt } : {}),
      };
    } catch (error) {
      progress?.stop();
      if (error instanceof Interrupted) this.exit(error.exitCode);
      throw error;
    } finally {
      progress?.stop();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    }
  }

  /** On stderr, so that `--json` keeps stdout to the result. */
  private showInstructions(code: DeviceCode): void {
    const lines =
      code.verificationUriComplete === code.verificationUri
        ? [`Open ${code.verificationUri} in a browser and enter the code ${code.userCode}`]
        : [
            `Open ${code.verificationUriComplete} in a browser and confirm the code ${code.userCode}`,
            `(or open ${code.verificationUri} and enter the code ${code.userCode})`,
          ];
    this.logToStderr(lines.join('\n'));
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
