import type { CatalogRequirementKind } from '../gql/graphql.ts';
import type { CatalogListEntry } from '../graphql/servers-documents.ts';

type CatalogRequirement = CatalogListEntry['requirements'][number];

const labels: Record<CatalogRequirementKind, string> = {
  CONTAINER_ENGINE: 'container engine',
  PROGRAM: 'program',
  NETWORK: 'network',
  SECRET: 'secret',
  CONFIG: 'config',
  OAUTH: 'OAuth',
};

/** The requirements of one kind, in the order the API lists them. */
function byKind(requirements: CatalogRequirement[]): [CatalogRequirementKind, CatalogRequirement[]][] {
  const groups = new Map<CatalogRequirementKind, CatalogRequirement[]>();
  for (const requirement of requirements) groups.set(requirement.kind, [...(groups.get(requirement.kind) ?? []), requirement]);
  return [...groups];
}

/**
 * What a catalog entry cannot run without, as one badge per kind (container engine, program, network,
 * secret, config, OAuth; a count when there are several), each titled with the details.
 */
export function RequirementBadges({ name, requirements }: { name: string; requirements: CatalogRequirement[] }) {
  if (requirements.length === 0) return null;
  return (
    <ul className="needs" aria-label="Needs" data-testid={`needs-${name}`}>
      {byKind(requirements).map(([kind, items]) => (
        <li
          key={kind}
          className={`need need--${kind.toLowerCase().replace('_', '-')}`}
          title={items.map((item) => item.detail).join('\n')}
          data-testid={`need-${name}-${kind}`}
          data-kind={kind}
        >
          {labels[kind]}
          {items.length > 1 ? ` ×${items.length}` : ''}
        </li>
      ))}
    </ul>
  );
}
