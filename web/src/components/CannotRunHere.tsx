import type { CatalogListEntry } from '../graphql/servers-documents.ts';

export interface CannotRunHereProps {
  title: string;
  runnability: CatalogListEntry['runnability'];
  /** Operators and admins see the enable button they would get, disabled and described by the reason. */
  canOperate: boolean;
}

/**
 * Instead of the enable form, for an entry this platform cannot run now (for instance an image-only entry
 * where no container engine answers): why, and what to do. The API refuses to start it too.
 */
export function CannotRunHere({ title, runnability, canOperate }: CannotRunHereProps) {
  return (
    <div className="cannot-run" data-testid="cannot-run">
      <p className="notice notice--warning" id="cannot-run-reason" data-testid="cannot-run-reason">
        <strong>{title} cannot run here.</strong> {runnability.reason}
      </p>
      {canOperate ? (
        <div className="form__actions">
          <button type="button" className="button button--primary" disabled aria-describedby="cannot-run-reason" data-testid="enable-blocked">
            Enable and start
          </button>
        </div>
      ) : null}
    </div>
  );
}
