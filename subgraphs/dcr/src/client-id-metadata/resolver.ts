import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AddressRefusedError, type AllowedHosts, type HostResolver, type Logger } from '@mcp-portal/kit';
import { guardedFetch } from '../upstream-oauth/guarded-fetch.ts';
import { documentLifetimeMs, ExpiringCache } from './cache.ts';
import { ClientMetadataDocumentError } from './errors.ts';
import { clientIdUrl, validateMetadataDocument, type MetadataDocumentClient } from './validate.ts';

export interface ClientMetadataDocumentsOptions {
  /** Hosts on loopback, private or link-local addresses documents may be fetched from anyway (MCP_OAUTH_ALLOW_HOSTS). */
  allowHosts: AllowedHosts;
  /** How host names are resolved for the address guard (the system's resolver unless a test passes its own). */
  resolver?: HostResolver;
  /** How long one fetch may take, from the name lookup to the last byte; 5 s by default. */
  timeoutMs?: number;
  /** The largest document read; 5 KiB by default (the draft's recommendation). */
  maxBytes?: number;
  /** How many documents (and recent failures) are kept; 1000 by default. */
  maxEntries?: number;
  logger?: Logger;
  /** The clock of the cache (a test's). */
  now?: () => number;
}

export const clientMetadataDocumentDefaults = { timeoutMs: 5_000, maxBytes: 5 * 1024, maxEntries: 1000 } as const;
/** How long a failed fetch or an invalid document is remembered: a client cannot make this server fetch in a loop. */
export const failureLifetimeMs = 10_000;

/** application/json, or a JSON-based type (application/…+json), whatever its parameters. */
const jsonMediaType = /^application\/(json|[\w.+-]+\+json)\s*(;|$)/i;

/** The deadline of a fetch passed. */
class DeadlineExceeded extends Error {}

type Outcome = { client: MetadataDocumentClient } | { error: ClientMetadataDocumentError };

const copyOf = (client: MetadataDocumentClient): MetadataDocumentClient => ({
  ...client,
  redirectUris: [...client.redirectUris],
  grantTypes: [...client.grantTypes],
  responseTypes: [...client.responseTypes],
});

/** The errors a failure is made of (its cause, and theirs). */
function causesOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 5; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}

/**
 * The Client ID Metadata Documents of the platform's authorization server (draft-ietf-oauth-client-id-metadata-document,
 * MCP 2025-11-25): a client_id that is an https URL names a JSON document of client metadata, fetched from there
 * and validated. Fetches go through the OAuth client's guarded fetch (the shared address guard before any connection,
 * MCP_OAUTH_ALLOW_HOSTS for internal hosts, no redirects followed), with `accept: application/json`, no cookies,
 * a deadline and a size bound. Documents are kept as long as their Cache-Control allows (see documentLifetimeMs),
 * failures for failureLifetimeMs, and concurrent resolves of one URL share one fetch.
 */
export class ClientMetadataDocuments {
  private readonly fetch: FetchLike;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly logger: Logger | undefined;
  private readonly cache: ExpiringCache<Outcome>;
  private readonly inFlight = new Map<string, Promise<Outcome>>();

  constructor(options: ClientMetadataDocumentsOptions) {
    this.fetch = guardedFetch({ allowHosts: options.allowHosts, resolve: options.resolver });
    this.timeoutMs = options.timeoutMs ?? clientMetadataDocumentDefaults.timeoutMs;
    this.maxBytes = options.maxBytes ?? clientMetadataDocumentDefaults.maxBytes;
    this.logger = options.logger;
    this.cache = new ExpiringCache(options.maxEntries ?? clientMetadataDocumentDefaults.maxEntries, options.now ?? Date.now);
  }

  /** The client the document at `clientId` describes; a ClientMetadataDocumentError (safe to show the client) otherwise. */
  async resolve(clientId: string): Promise<MetadataDocumentClient> {
    const url = clientIdUrl(clientId);
    let outcome = this.cache.get(clientId);
    if (!outcome) {
      let pending = this.inFlight.get(clientId);
      if (!pending) {
        pending = this.fetchAndKeep(clientId, url).finally(() => this.inFlight.delete(clientId));
        this.inFlight.set(clientId, pending);
      }
      outcome = await pending;
    }
    if ('error' in outcome) throw new ClientMetadataDocumentError(outcome.error.message);
    return copyOf(outcome.client);
  }

  private async fetchAndKeep(clientId: string, url: URL): Promise<Outcome> {
    try {
      const { document, lifetimeMs } = await this.fetchWithin(url);
      const outcome = { client: validateMetadataDocument(document, clientId) };
      this.cache.set(clientId, outcome, lifetimeMs);
      return outcome;
    } catch (error) {
      const refusal = this.refusalOf(error);
      this.logger?.info({ clientId, err: error }, `a client metadata document was refused: ${refusal.message}`);
      const outcome = { error: refusal };
      this.cache.set(clientId, outcome, failureLifetimeMs);
      return outcome;
    }
  }

  /** The document (parsed JSON) and how long it may be kept, or the failure, within the deadline. */
  private async fetchWithin(url: URL): Promise<{ document: unknown; lifetimeMs: number }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeadlineExceeded()), this.timeoutMs);
    // The address guard's name lookup does not take a signal: the deadline bounds it from outside.
    const deadline = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error)));
    try {
      return await Promise.race([this.fetchDocument(url, controller.signal), deadline]);
    } finally {
      clearTimeout(timer);
      // Releases the connection of a response not read to its end (refused, too large).
      controller.abort();
    }
  }

  private async fetchDocument(url: URL, signal: AbortSignal): Promise<{ document: unknown; lifetimeMs: number }> {
    const response = await this.fetch(url, { method: 'GET', headers: { accept: 'application/json' }, signal });
    if (response.status >= 300 && response.status < 400) {
      throw new ClientMetadataDocumentError(
        `The client metadata document could not be fetched: its URL answered with a redirect (HTTP ${response.status}), which is not followed; the client_id must be the document's own URL.`,
      );
    }
    if (response.status !== 200)
      throw new ClientMetadataDocumentError(`The client metadata document could not be fetched: its URL answered HTTP ${response.status}.`);
    const contentType = response.headers.get('content-type') ?? '';
    if (!jsonMediaType.test(contentType)) {
      throw new ClientMetadataDocumentError(
        `The client metadata document must be served as application/json, not ${contentType ? `"${contentType.slice(0, 100)}"` : 'without a Content-Type'}.`,
      );
    }
    const body = await this.readBounded(response);
    let document: unknown;
    try {
      document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      throw new ClientMetadataDocumentError('The client metadata document is not valid JSON (UTF-8).');
    }
    return { document, lifetimeMs: documentLifetimeMs(response.headers.get('cache-control')) };
  }

  /** The body, read no further than maxBytes. */
  private async readBounded(response: Response): Promise<Uint8Array> {
    const tooLarge = new ClientMetadataDocumentError(`The client metadata document is too large: at most ${this.maxBytes} bytes are read.`);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > this.maxBytes) throw tooLarge;
    if (!response.body) return new Uint8Array();
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.maxBytes) {
        reader.cancel().catch(() => undefined);
        throw tooLarge;
      }
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return body;
  }

  /** What the client is told of a failure: never an address its host resolved to, nor a network error's text. */
  private refusalOf(error: unknown): ClientMetadataDocumentError {
    const chain = causesOf(error);
    const own = chain.find((cause) => cause instanceof ClientMetadataDocumentError);
    if (own) return own;
    if (chain.some((cause) => cause instanceof DeadlineExceeded || (cause instanceof Error && cause.name === 'TimeoutError'))) {
      return new ClientMetadataDocumentError(`The client metadata document could not be fetched within ${this.timeoutMs} ms.`);
    }
    if (chain.some((cause) => cause instanceof AddressRefusedError)) {
      return new ClientMetadataDocumentError(
        'The client metadata document could not be fetched: its host does not resolve to an address this authorization server may connect to (loopback, private and link-local addresses are refused).',
      );
    }
    const code = chain.map((cause) => (cause as { code?: unknown }).code).find((value) => typeof value === 'string' && /^[A-Z][A-Z0-9_]*$/.test(value));
    return new ClientMetadataDocumentError(`The client metadata document could not be fetched${code ? ` (${String(code)})` : ''}.`);
  }
}
