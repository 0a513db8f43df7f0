import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { OAuthClientStatusBadge } from '../components/OAuthClientStatusBadge.tsx';
import { Time } from '../components/Time.tsx';
import { UserFilterField } from '../components/UserFilterField.tsx';
import { useUsers } from '../graphql/admin-hooks.ts';
import type { OAuthClientSummary } from '../graphql/oauth-client-documents.ts';
import { useOAuthClients, type OAuthClientListFilter } from '../graphql/oauth-client-hooks.ts';
import { oauthClientPath } from '../paths.ts';

const anyFilter: OAuthClientListFilter = { status: '', backend: '', createdBy: '', search: '' };

/** Status, backend, creator and a search over client id, name and redirect URIs; applied on submit. */
function OAuthClientFilters({ value, onChange }: { value: OAuthClientListFilter; onChange(filter: OAuthClientListFilter): void }) {
  const [draft, setDraft] = useState(value);
  const { users } = useUsers();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange({ ...draft, search: draft.search.trim() });
  };
  const clear = () => {
    setDraft(anyFilter);
    onChange(anyFilter);
  };
  const active = value.status !== '' || value.backend !== '' || value.createdBy !== '' || value.search !== '';
  return (
    <form className="filters" onSubmit={onSubmit} role="search" aria-label="Filter the OAuth clients" data-testid="oauth-client-filters">
      <label className="field">
        <span>Search</span>
        <input
          name="search"
          type="search"
          placeholder="Client id, name or redirect URI"
          value={draft.search}
          onChange={(e) => setDraft({ ...draft, search: e.target.value })}
          data-testid="oauth-client-filter-search"
        />
      </label>
      <label className="field">
        <span>Status</span>
        <select
          name="status"
          value={draft.status}
          onChange={(e) => setDraft({ ...draft, status: e.target.value as OAuthClientListFilter['status'] })}
          data-testid="oauth-client-filter-status"
        >
          <option value="">Active and revoked</option>
          <option value="ACTIVE">Active</option>
          <option value="REVOKED">Revoked</option>
        </select>
      </label>
      <label className="field">
        <span>Backend</span>
        <select
          name="backend"
          value={draft.backend}
          onChange={(e) => setDraft({ ...draft, backend: e.target.value as OAuthClientListFilter['backend'] })}
          data-testid="oauth-client-filter-backend"
        >
          <option value="">Any backend</option>
          <option value="LOCAL">local</option>
          <option value="AZURE">azure</option>
        </select>
      </label>
      <UserFilterField
        label="Registered by"
        name="createdBy"
        value={draft.createdBy}
        users={users}
        onChange={(createdBy) => setDraft({ ...draft, createdBy })}
        testId="oauth-client-filter-created-by"
      />
      <div className="filters__actions">
        <button type="submit" className="button" data-testid="oauth-client-filter-apply">
          Filter
        </button>
        {active ? (
          <button type="button" className="button button--ghost" onClick={clear} data-testid="oauth-client-filter-clear">
            Clear
          </button>
        ) : null}
      </div>
    </form>
  );
}

function OAuthClientsTable({ clients }: { clients: OAuthClientSummary[] }) {
  if (clients.length === 0) return <p className="empty">No OAuth client registered (that matches).</p>;
  return (
    <table className="table" data-testid="oauth-clients-table">
      <thead>
        <tr>
          <th scope="col">Client</th>
          <th scope="col">Status</th>
          <th scope="col">Backend</th>
          <th scope="col">Type</th>
          <th scope="col">Redirect hosts</th>
          <th scope="col">Registered by</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
        </tr>
      </thead>
      <tbody>
        {clients.map((client) => (
          <tr key={client.clientId} data-testid={`oauth-client-row-${client.clientId}`}>
            <td>
              <NavLink to={oauthClientPath(client.clientId)} className="link" testId={`oauth-client-link-${client.clientId}`}>
                {client.clientName || client.clientId}
              </NavLink>
              {client.clientName ? <div className="muted mono">{client.clientId}</div> : null}
            </td>
            <td>
              <OAuthClientStatusBadge revokedAt={client.revokedAt} testId={`oauth-client-status-${client.clientId}`} />
            </td>
            <td>{client.backend.toLowerCase()}</td>
            <td>{client.tokenEndpointAuthMethod === 'NONE' ? 'public' : 'confidential'}</td>
            <td>{client.redirectHosts.join(', ')}</td>
            <td>{client.createdBy?.email ?? <span className="muted">anonymous</span>}</td>
            <td className="muted">
              <Time value={client.createdAt} format="short" />
            </td>
            <td className="muted">{client.lastUsedAt ? <Time value={client.lastUsedAt} format="short" /> : 'never'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The clients MCP clients registered through dynamic client registration (RFC 7591), for admins. */
export function OAuthClientsPage() {
  const [filter, setFilter] = useState<OAuthClientListFilter>(anyFilter);
  const list = useOAuthClients(filter);
  return (
    <section className="card" aria-labelledby="oauth-clients-title">
      <div className="card__head">
        <h2 id="oauth-clients-title">Registered clients</h2>
        <span className="muted" data-testid="oauth-clients-count">
          {list.clients.length} of {list.totalCount}
        </span>
      </div>
      <OAuthClientFilters value={filter} onChange={setFilter} />
      <ErrorMessage message={list.error} testId="oauth-clients-error" />
      {list.loading ? <p className="muted">Loading the clients…</p> : <OAuthClientsTable clients={list.clients} />}
      {list.hasNextPage ? (
        <div className="load-more">
          <button type="button" className="button" onClick={list.loadMore} disabled={list.loadingMore} data-testid="oauth-clients-load-more">
            {list.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
