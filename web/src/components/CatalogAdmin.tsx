import { useNavigate } from 'react-router';
import { emptyEntryForm } from '../catalog-entry-form.ts';
import { useCreateCatalogEntry } from '../graphql/catalog-admin-hooks.ts';
import { catalogEntryPath } from '../paths.ts';
import { CatalogEntryForm } from './CatalogEntryForm.tsx';
import { CatalogImportForm } from './CatalogImportForm.tsx';

/**
 * The catalog page's administration, for operators and admins (loaded on demand: the entry form brings the
 * catalog format's validation, zod included): a new custom entry, then its page; and an import with its report.
 */
export function CatalogAdmin() {
  const navigate = useNavigate();
  const { create, creating } = useCreateCatalogEntry();

  return (
    <div className="catalog-admin" data-testid="catalog-admin">
      <details className="disclosure" data-testid="new-entry">
        <summary data-testid="new-entry-toggle">New entry</summary>
        <CatalogEntryForm
          mode="create"
          initial={emptyEntryForm}
          submitting={creating}
          onSubmit={async (name, entry) => {
            const outcome = await create(name, entry);
            if (!outcome.ok) return outcome.error;
            void navigate(catalogEntryPath(outcome.value.name));
            return null;
          }}
        />
      </details>
      <details className="disclosure" data-testid="import">
        <summary data-testid="import-toggle">Import</summary>
        <CatalogImportForm />
      </details>
    </div>
  );
}
