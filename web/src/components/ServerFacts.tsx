import { graphql } from '../gql/index.ts';
import type { ServerFactsFragment } from '../gql/graphql.ts';
import { catalogEntryPath } from '../paths.ts';
import { NavLink } from './NavLink.tsx';
import { runtimeLabel } from './ServersTable.tsx';
import { Time } from './Time.tsx';

/**
 * The facts a server's page lists, and the fields they read: `ServerFields` spreads this fragment, so the list,
 * every lifecycle answer and every subscription event carry them too. A new fact is one change here.
 */
graphql(`
  fragment ServerFacts on Server {
    desiredState
    runtime
    startedAt
    stoppedAt
    lastHealthAt
    restartCount
    enabledAt
    updatedAt
    enabledBy { id email }
    catalogEntry { name title }
  }
`);

function When({ value }: { value: string | null }) {
  return value ? <Time value={value} /> : <span className="muted">—</span>;
}

export function ServerFacts({ server }: { server: ServerFactsFragment }) {
  return (
    <dl className="facts" data-testid="server-facts">
      <dt>Desired state</dt>
      <dd data-testid="server-desired">{server.desiredState.toLowerCase()}</dd>
      <dt>Runtime</dt>
      <dd data-testid="server-runtime">{runtimeLabel(server.runtime)}</dd>
      <dt>Started</dt>
      <dd data-testid="server-started">
        <When value={server.startedAt} />
      </dd>
      <dt>Stopped</dt>
      <dd>
        <When value={server.stoppedAt} />
      </dd>
      <dt>Last health check</dt>
      <dd>
        <When value={server.lastHealthAt} />
      </dd>
      <dt>Automatic restarts</dt>
      <dd data-testid="server-restarts">{server.restartCount}</dd>
      <dt>Catalog entry</dt>
      <dd>
        {server.catalogEntry ? (
          <NavLink to={catalogEntryPath(server.catalogEntry.name)} className="link">
            {server.catalogEntry.title}
          </NavLink>
        ) : (
          <span className="muted">no longer in the catalog</span>
        )}
      </dd>
      <dt>Enabled</dt>
      <dd>
        <Time value={server.enabledAt} /> <span className="muted">by {server.enabledBy.email}</span>
      </dd>
      <dt>Updated</dt>
      <dd>
        <Time value={server.updatedAt} />
      </dd>
    </dl>
  );
}
