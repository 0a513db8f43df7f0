import { ErrorCode, McpError, type CallToolResult, type GetPromptResult, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { topics } from '@mcp-portal/schema';
import type { EventBus, Logger } from '@mcp-portal/kit';
import { CachedKnownSecrets, type KnownSecret, type KnownSecrets } from './known-secrets.ts';
import { credentialPatterns, defaultMaxScanChars, scannedPartsOfPrompt, scannedPartsOfResource, scannedPartsOfResult, SecretScanner } from './secret-scan.ts';
import type { NameRoute, ToolRoute } from './tool-names.ts';

/** A request refused because its arguments or result carry a secret; the message names the kind, never the value. */
export class SecretBlockedError extends McpError {
  constructor(
    code: number,
    message: string,
    readonly kind: string,
  ) {
    super(code, message, { blocked: 'secret', kind });
  }
}

/** The audit detail of a call a secret stopped (`blockedSecret: <kind>`), or nothing. */
export function blockedOutcome(error: unknown): { blockedSecret: string } | Record<string, never> {
  return error instanceof SecretBlockedError ? { blockedSecret: error.kind } : {};
}

/**
 * GATEWAY_PROXY_BLOCK_SECRETS: a tool call or prompts/get whose arguments carry a credential or a secret
 * value stored on the platform is refused before it reaches the server; a result (of tools/call,
 * prompts/get or resources/read) that carries one is withheld and replaced by a JSON-RPC error.
 */
export class SecretGuard {
  constructor(
    private readonly known: KnownSecrets | undefined,
    private readonly logger: Logger,
    private readonly scanner = new SecretScanner(),
  ) {}

  async checkArguments(route: ToolRoute, args: unknown): Promise<void> {
    const found = this.scanner.find(args, await this.knownValues());
    if (!found) return;
    throw new SecretBlockedError(
      ErrorCode.InvalidParams,
      `Refused: the arguments of ${route.tool} contain a secret (${found.kind}). The gateway-proxy does not pass secrets to MCP servers; ${route.server} did not receive the call.`,
      found.kind,
    );
  }

  async checkResult(route: ToolRoute, result: CallToolResult): Promise<void> {
    const found = this.scanner.find(scannedPartsOfResult(result), await this.knownValues());
    if (!found) return;
    throw new SecretBlockedError(
      ErrorCode.InternalError,
      `Withheld: the result of ${route.tool} on ${route.server} contains a secret (${found.kind}). The gateway-proxy does not pass secrets to MCP clients.`,
      found.kind,
    );
  }

  async checkPromptArguments(route: NameRoute, args: Record<string, string>): Promise<void> {
    const found = await this.find(args);
    if (!found) return;
    throw new SecretBlockedError(
      ErrorCode.InvalidParams,
      `Refused: the arguments of the prompt ${route.name} contain a secret (${found.kind}). The gateway-proxy does not pass secrets to MCP servers; ${route.server} did not receive the request.`,
      found.kind,
    );
  }

  async checkPromptResult(route: NameRoute, result: GetPromptResult): Promise<void> {
    const found = await this.find(scannedPartsOfPrompt(result));
    if (!found) return;
    throw new SecretBlockedError(
      ErrorCode.InternalError,
      `Withheld: the prompt ${route.name} of ${route.server} contains a secret (${found.kind}). The gateway-proxy does not pass secrets to MCP clients.`,
      found.kind,
    );
  }

  async checkResource(route: { server: string }, uri: string, result: ReadResourceResult): Promise<void> {
    const found = await this.find(scannedPartsOfResource(result));
    if (!found) return;
    throw new SecretBlockedError(
      ErrorCode.InternalError,
      `Withheld: the resource ${uri} of ${route.server} contains a secret (${found.kind}). The gateway-proxy does not pass secrets to MCP clients.`,
      found.kind,
    );
  }

  private async find(value: unknown): Promise<{ kind: string } | null> {
    return this.scanner.find(value, await this.knownValues());
  }

  /** Without them the call cannot be checked, so it is refused (the error is logged, not shown). */
  private async knownValues(): Promise<readonly KnownSecret[]> {
    if (!this.known) return [];
    try {
      return await this.known.values();
    } catch (error) {
      this.logger.error({ err: error }, "could not read the platform's secret values to check a tool call");
      throw new McpError(ErrorCode.InternalError, 'The gateway-proxy could not check the call for secrets; try again.');
    }
  }
}

/**
 * The proxy's guard, or none when GATEWAY_PROXY_BLOCK_SECRETS is off. With `load` (the platform's secret
 * values) it matches those too, cached and read again whenever the config subgraph announces a change.
 */
export async function startSecretGuard(options: {
  enabled: boolean;
  load: (() => Promise<readonly KnownSecret[]>) | undefined;
  events: EventBus;
  logger: Logger;
  /** The largest request body: arguments are scanned whole. */
  maxBodyBytes: number;
}): Promise<{ guard: SecretGuard | undefined; stop: () => Promise<void> }> {
  if (!options.enabled) return { guard: undefined, stop: async () => undefined };
  const scanner = new SecretScanner(credentialPatterns, Math.max(defaultMaxScanChars, options.maxBodyBytes));
  if (!options.load) return { guard: new SecretGuard(undefined, options.logger, scanner), stop: async () => undefined };
  const known = new CachedKnownSecrets(options.load);
  const stop = await options.events.subscribe(topics.secretsChanged, () => known.invalidate());
  return { guard: new SecretGuard(known, options.logger, scanner), stop };
}
