import type { CatalogEntrySource } from '../gql/graphql.ts';

const explanation: Record<CatalogEntrySource, string> = {
  BUNDLED: 'From the catalog file shipped with the platform.',
  CUSTOM: 'Added through the API; overrides a bundled entry of the same name.',
  IMPORTED: 'Imported from a catalog; overrides a bundled entry of the same name.',
};

/** Where a catalog entry comes from: bundled, custom or imported. */
export function SourceBadge({ name, source }: { name: string; source: CatalogEntrySource }) {
  const label = source.toLowerCase();
  return (
    <span className={`source source--${label}`} title={explanation[source]} data-testid={`source-${name}`} data-source={source}>
      {label}
    </span>
  );
}
