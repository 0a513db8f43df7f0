import { InvalidInputError } from '@mcp-portal/kit';
import { validateEntryInput, type CatalogEntryDocument, type CatalogEntryInput, type EntryPolicy } from '@mcp-portal/schema/catalog-format';

export type { CatalogEntryInput } from '@mcp-portal/schema/catalog-format';

/**
 * Validates an API input against the catalog format (the shared check the portal's form runs too); the first
 * problem is a BAD_USER_INPUT naming its field, e.g. `Invalid catalog entry "x" (secrets[0].env): …`.
 */
export function documentFromInput(name: string, input: CatalogEntryInput, policy: EntryPolicy): CatalogEntryDocument {
  const result = validateEntryInput(name, input, policy);
  if (result.ok) return result.document;
  const problem = result.problems[0];
  const where = problem?.field ? ` (${problem.field})` : '';
  throw new InvalidInputError(`Invalid catalog entry "${name}"${where}: ${problem?.message ?? 'rejected'}`);
}
