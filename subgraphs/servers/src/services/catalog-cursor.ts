import { InvalidInputError } from '@mcp-portal/kit';

/** A position in the catalog: the name of the last entry seen (entries are ordered by name). */
export function encodeCatalogCursor(name: string): string {
  return Buffer.from(JSON.stringify(['catalog', name])).toString('base64url');
}

export function decodeCatalogCursor(cursor: string): string {
  try {
    const [kind, name] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (kind === 'catalog' && typeof name === 'string') return name;
  } catch {
    // falls through to the error below
  }
  throw new InvalidInputError('The `after` cursor is not one this API returned.');
}
