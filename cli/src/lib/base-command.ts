import { Command, Errors, Flags, type Interfaces } from '@oclif/core';
import { graphqlRequest, withLoginHint } from './client.ts';
import type { TypedDocumentString } from './operations.ts';
import { PortalError } from './errors.ts';
import { requireToken, resolveSettings, type ResolvedSettings } from './settings.ts';

/**
 * Base of every command: the shared `--url` flag, settings resolution, and error handling that turns any
 * failure into one `Error: <message>` line with exit code 1 (never a stack trace).
 */
export abstract class PortalCommand extends Command {
  static override baseFlags = {
    url: Flags.string({
      summary: 'Router URL (default: $DOCKER_MCP_URL, else the URL saved by login, else http://127.0.0.1:4000).',
      helpValue: '<url>',
    }),
  };

  protected async settings(url: string | undefined): Promise<ResolvedSettings> {
    return resolveSettings({ url });
  }

  /** Runs an operation that needs a login; UNAUTHENTICATED answers say to run `docker mcp login`. */
  protected async authenticatedRequest<T, V>(settings: ResolvedSettings, document: TypedDocumentString<T, V>, variables?: V): Promise<T> {
    const token = requireToken(settings);
    try {
      return await graphqlRequest({ url: settings.url, token }, document, variables);
    } catch (error) {
      throw withLoginHint(error);
    }
  }

  protected printJson(value: unknown): void {
    this.log(JSON.stringify(value, null, 2));
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    // oclif's own errors (bad flags, this.exit, this.error) already carry an exit code and a clean message.
    if (error instanceof Errors.CLIError || error instanceof Errors.ExitError) throw error;
    if (error instanceof PortalError) this.error(error.message, { exit: 1 });
    this.error(error instanceof Error ? error.message : String(error), { exit: 1 });
  }
}
