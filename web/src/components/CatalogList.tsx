import type { CatalogListEntry } from '../graphql/servers-hooks.ts';
import { catalogEntryPath } from '../paths.ts';
import { NavLink } from './NavLink.tsx';
import { RequirementBadges } from './RequirementBadges.tsx';
import { SourceBadge } from './SourceBadge.tsx';

export interface CatalogListProps {
  entries: CatalogListEntry[];
  enabledNames: ReadonlySet<string>;
}

/**
 * Search results of the catalog: each entry links to its page (details and the enable form), with badges for
 * what it needs and a mark when this platform cannot run it now (its page says why).
 */
export function CatalogList({ entries, enabledNames }: CatalogListProps) {
  return (
    <ul className="catalog" data-testid="catalog-results">
      {entries.map((entry) => (
        <li key={entry.name} className="catalog__item" data-testid={`catalog-${entry.name}`}>
          <div className="catalog__text">
            <NavLink to={catalogEntryPath(entry.name)} className="catalog__title catalog__link" testId={`open-${entry.name}`}>
              {entry.title}
            </NavLink>
            <div className="catalog__meta">
              <span className="mono">{entry.name}</span>
              <SourceBadge name={entry.name} source={entry.source} />
              {entry.type !== 'SERVER' ? <span className="tag">{entry.type.toLowerCase()}</span> : null}
              {entry.category ? (
                <span className="tag tag--muted" title="Category">
                  {entry.category}
                </span>
              ) : null}
            </div>
            <p className="catalog__description">{entry.description}</p>
            {!entry.runnability.canRun || entry.requirements.length > 0 ? (
              <div className="catalog__needs">
                {entry.runnability.canRun ? null : (
                  <span className="cannot-run-mark" title={entry.runnability.reason ?? undefined} data-testid={`cannot-run-${entry.name}`}>
                    Can’t run here
                  </span>
                )}
                <RequirementBadges name={entry.name} requirements={entry.requirements} />
              </div>
            ) : null}
            {entry.tags.length > 0 ? (
              <ul className="catalog__tags" aria-label="Tags">
                {entry.tags.map((tag) => (
                  <li key={tag} className="catalog__tag">
                    #{tag}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          {enabledNames.has(entry.name) ? (
            <span className="catalog__enabled" data-testid={`enabled-${entry.name}`}>
              Enabled
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
