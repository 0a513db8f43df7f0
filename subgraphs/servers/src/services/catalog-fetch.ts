import { InvalidInputError } from '@mcp-portal/kit';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

/** A URL as messages and the audit log show it: without user, password or query (they may hold credentials). */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
}

/** Only http and https: no file:, data: or other scheme reaches fetch. */
export function importUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError(`"${text.slice(0, 200)}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError(`Only http and https URLs can be imported, not ${url.protocol.replace(/:$/, '')}.`);
  }
  if (url.username || url.password) throw new InvalidInputError('A catalog URL may not carry a user name or password.');
  return url;
}

const isTimeout = (error: unknown) => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/**
 * Fetches a catalog's text with a deadline for the whole transfer and a size cap, read as it streams (a
 * missing or lying content-length does not get past it). Failures are the caller's to act on: BAD_USER_INPUT,
 * and never the body of the response (which may come from a host the caller could not read otherwise).
 */
export async function fetchCatalogText(url: URL, limits: FetchLimits): Promise<string> {
  const seconds = `${Math.round(limits.timeoutMs / 100) / 10} s`;
  const shown = displayUrl(url);
  const tooLarge = () => new InvalidInputError(`${shown} is larger than the ${limits.maxBytes} bytes a catalog import may have.`);
  const timedOut = () => new InvalidInputError(`${shown} did not send the catalog within ${seconds}.`);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(limits.timeoutMs),
      redirect: 'follow',
      headers: { accept: 'application/yaml, text/yaml, text/plain;q=0.9, */*;q=0.5' },
    });
  } catch (error) {
    if (isTimeout(error)) throw timedOut();
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    // Only the cause's code or message: fetch's own messages may repeat the whole URL.
    throw new InvalidInputError(`Cannot fetch ${shown}: ${cause?.code ?? cause?.message ?? 'the request failed'}.`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new InvalidInputError(`${shown} answered HTTP ${response.status}.`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  try {
    for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
      received += read.value.byteLength;
      if (received > limits.maxBytes) throw tooLarge();
      chunks.push(read.value);
    }
  } catch (error) {
    await reader?.cancel().catch(() => undefined);
    if (error instanceof InvalidInputError) throw error;
    if (isTimeout(error)) throw timedOut();
    throw new InvalidInputError(`The transfer of ${shown} broke off: ${(error as Error).message}.`);
  }
  return Buffer.concat(chunks).toString('utf8');
}
