import { useState } from 'react';
import { useNavigate } from 'react-router';
import { entryFormFrom } from '../catalog-entry-form.ts';
import type { CatalogEntryData } from '../graphql/servers-documents.ts';
import { useDeleteCatalogEntry, useUpdateCatalogEntry } from '../graphql/catalog-admin-hooks.ts';
import { paths } from '../paths.ts';
import { CatalogEntryForm } from './CatalogEntryForm.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

/**
 * Edit and Delete for a custom or imported entry (operators and admins; loaded on demand with the entry
 * form). Edit opens the form prefilled, and saving replaces the entry; Delete asks first, then goes back to
 * the catalog. The API's refusal (e.g. CONFLICT: the entry is enabled as a server) shows as it says it.
 */
export function CatalogEntryAdmin({ entry }: { entry: CatalogEntryData }) {
  const navigate = useNavigate();
  const { update, updating } = useUpdateCatalogEntry();
  const { remove, removing } = useDeleteCatalogEntry();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const onDelete = async () => {
    setDeleteError(null);
    const outcome = await remove(entry.name);
    if (outcome.ok) {
      void navigate(paths.catalog);
      return;
    }
    setConfirming(false);
    setDeleteError(outcome.error.message);
  };

  return (
    <div className="entry-admin" data-testid="entry-admin">
      <div className="form__actions">
        <button
          type="button"
          className="button"
          aria-expanded={editing}
          aria-controls="entry-edit"
          onClick={() => {
            setEditing((open) => !open);
            setSaved(false);
          }}
          data-testid="entry-edit-toggle"
        >
          {editing ? 'Close the editor' : 'Edit'}
        </button>
        {confirming ? (
          <span className="confirm" data-testid="entry-delete-confirm">
            <span className="confirm__text">Delete {entry.name} from the catalog?</span>
            <button type="button" className="button button--danger" onClick={() => void onDelete()} disabled={removing} data-testid="entry-delete-yes">
              {removing ? 'Deleting…' : 'Delete'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={removing} data-testid="entry-delete-no">
              Keep it
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="button button--danger"
            onClick={() => {
              setDeleteError(null);
              setConfirming(true);
            }}
            data-testid="entry-delete"
          >
            Delete
          </button>
        )}
      </div>
      <ErrorMessage message={deleteError} testId="entry-delete-error" />
      {saved ? (
        <p className="success" role="status" data-testid="entry-saved">
          Saved: the entry was replaced.
        </p>
      ) : null}
      {editing ? (
        <div id="entry-edit">
          <CatalogEntryForm
            mode="edit"
            initial={entryFormFrom(entry)}
            submitting={updating}
            onCancel={() => setEditing(false)}
            onSubmit={async (name, input) => {
              const outcome = await update(name, input);
              if (!outcome.ok) return outcome.error;
              setEditing(false);
              setSaved(true);
              return null;
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
