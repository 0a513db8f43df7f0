import type { CatalogEntrySummary } from '@mcp-portal/schema/operations';

export interface CatalogListProps {
  entries: CatalogEntrySummary[];
  enabledNames: ReadonlySet<string>;
  pendingName: string | null;
  onEnable(name: string): void;
}

export function CatalogList({ entries, enabledNames, pendingName, onEnable }: CatalogListProps) {
  if (entries.length === 0) return <p className="empty">The catalog is empty.</p>;
  return (
    <ul className="catalog" data-testid="catalog">
      {entries.map((entry) => {
        const enabled = enabledNames.has(entry.name);
        return (
          <li key={entry.name} className="catalog__item" data-testid={`catalog-${entry.name}`}>
            <div className="catalog__text">
              <div className="catalog__title">{entry.title}</div>
              <div className="catalog__meta">
                <span className="mono">{entry.name}</span>
                <span className="tag">{entry.type.toLowerCase()}</span>
                {entry.category ? <span className="tag tag--muted">{entry.category}</span> : null}
                {entry.source !== 'BUNDLED' ? <span className="tag tag--muted">{entry.source.toLowerCase()}</span> : null}
              </div>
              <p className="catalog__description">{entry.description}</p>
            </div>
            {enabled ? (
              <span className="catalog__enabled">Enabled</span>
            ) : (
              <button
                type="button"
                className="button"
                disabled={pendingName !== null}
                onClick={() => onEnable(entry.name)}
                data-testid={`enable-${entry.name}`}
              >
                {pendingName === entry.name ? 'Enabling…' : 'Enable'}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
