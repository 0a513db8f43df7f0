import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';

/** Written by the SDK as a JSON-RPC error with this code and message. */
class CursorError extends Error {
  readonly code = ErrorCode.InvalidParams;
}

/** The proxy's list pages: an opaque cursor (the list it belongs to and where the next page starts). */
export function paginate<T>(items: readonly T[], list: string, cursor: string | undefined, pageSize: number): { page: T[]; nextCursor?: string } {
  const start = cursor === undefined ? 0 : offsetOf(cursor, list);
  const page = items.slice(start, start + pageSize);
  const next = start + pageSize;
  return next < items.length ? { page, nextCursor: Buffer.from(JSON.stringify({ l: list, o: next })).toString('base64url') } : { page };
}

function offsetOf(cursor: string, list: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { l?: unknown; o?: unknown };
    if (parsed.l === list && typeof parsed.o === 'number' && Number.isSafeInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // answered below
  }
  throw new CursorError(`Invalid cursor for ${list}: use the nextCursor of the previous page.`);
}
