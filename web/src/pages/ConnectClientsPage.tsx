import { useState } from 'react';
import { clientOs, clients, connectCommand, displayPath, remoteSnippet, stdioSnippet, type ClientDefinition, type ClientOs } from '@mcp-portal/schema/clients';
import { Link } from 'react-router';
import { CodeBlock } from '../components/CodeBlock.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { OAuthGrants } from '../components/OAuthGrantsTable.tsx';
import { useGatewayEndpoints } from '../gateway-endpoints.ts';
import { paths } from '../paths.ts';

const osNames: Record<ClientOs, string> = { darwin: 'macOS', linux: 'Linux', win32: 'Windows' };

function browserOs(): ClientOs {
  const platform = navigator.userAgent;
  return clientOs(/Mac/i.test(platform) ? 'darwin' : /Win/i.test(platform) ? 'win32' : 'linux');
}

function ClientCard({ client, os, mcpUrl }: { client: ClientDefinition; os: ClientOs; mcpUrl: string | null }) {
  const remote = mcpUrl ? remoteSnippet(client, mcpUrl) : undefined;
  const command = connectCommand(client);
  return (
    <section className="card client" aria-labelledby={`client-${client.id}`} data-testid={`client-${client.id}`}>
      <div className="card__head">
        <h2 id={`client-${client.id}`}>{client.name}</h2>
        <a className="link small" href={client.docs} target="_blank" rel="noreferrer">
          its MCP documentation
        </a>
      </div>
      <p className="muted">Automatically, with the CLI (a backup of the file is kept; add --dry-run to see the change first):</p>
      <div className="snippet">
        <pre className="code" data-testid={`client-${client.id}-command`}>
          {command}
        </pre>
        <CopyButton text={command} label={`Copy the command for ${client.name}`} testId={`client-${client.id}-command-copy`} />
      </div>
      <p className="muted">
        Or by hand, in{' '}
        {client.files.map((file, index) => (
          <span key={file.scope}>
            {index > 0 ? ' or ' : ''}
            <span className="mono" data-testid={`client-${client.id}-path-${file.scope}`}>
              {displayPath(file.path[os], os)}
            </span>{' '}
            ({file.scope === 'global' ? 'yours' : 'this project'})
          </span>
        ))}
        : the command <span className="mono">docker mcp gateway run</span> (it uses your <span className="mono">docker mcp login</span>)
      </p>
      <CodeBlock code={stdioSnippet(client)} label={`the ${client.name} stdio entry`} testId={`client-${client.id}-stdio`} />
      {remote ? (
        <>
          <p className="muted">or the gateway-proxy&apos;s URL, with an API token of yours in the header:</p>
          <CodeBlock code={remote} label={`the ${client.name} URL entry`} testId={`client-${client.id}-remote`} />
        </>
      ) : null}
    </section>
  );
}

/**
 * How to connect MCP clients to the gateway: the gateway-proxy's URL and, for each client, its entry and the CLI command;
 * then the applications you authorized with OAuth, to revoke.
 */
export function ConnectClientsPage() {
  const gateway = useGatewayEndpoints();
  const [os, setOs] = useState<ClientOs>(browserOs);
  const mcpUrl = gateway.status === 'served' ? gateway.endpoints.mcpEndpoint : null;
  return (
    <>
      <section className="card" aria-labelledby="connect-title">
        <div className="card__head">
          <h2 id="connect-title">Connect a client</h2>
          <label className="small">
            Paths for{' '}
            <select value={os} onChange={(event) => setOs(event.target.value as ClientOs)} data-testid="connect-os">
              {(Object.keys(osNames) as ClientOs[]).map((each) => (
                <option key={each} value={each}>
                  {osNames[each]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="card__intro muted">
          Every server running here is one MCP server for your clients: the gateway-proxy. Clients that start a command use{' '}
          <span className="mono">docker mcp gateway run</span> (after <span className="mono">docker mcp login</span>); clients that connect to a URL use the one
          below with an <Link to={paths.tokens}>API token</Link> as <span className="mono">Authorization: Bearer …</span>.
        </p>
        {gateway.status === 'loading' ? <p className="muted">Asking the router where the gateway-proxy is…</p> : null}
        {gateway.status === 'served' ? (
          <dl className="facts">
            <div className="facts__row">
              <dt>Streamable HTTP</dt>
              <dd>
                <span className="mono" data-testid="gateway-mcp-url">
                  {gateway.endpoints.mcpEndpoint}
                </span>{' '}
                <CopyButton text={gateway.endpoints.mcpEndpoint} label="Copy the gateway-proxy URL" testId="gateway-mcp-url-copy" />
              </dd>
            </div>
            {gateway.endpoints.sseEndpoint ? (
              <div className="facts__row">
                <dt>HTTP+SSE (older clients)</dt>
                <dd className="mono" data-testid="gateway-sse-url">
                  {gateway.endpoints.sseEndpoint}
                </dd>
              </div>
            ) : null}
          </dl>
        ) : null}
        {gateway.status === 'not-served' ? (
          <p className="notice" data-testid="gateway-not-served">
            This platform serves no gateway-proxy URL (it runs in scale-out mode): use <span className="mono">docker mcp gateway run</span>.
          </p>
        ) : null}
        <ErrorMessage
          message={gateway.status === 'error' ? `Could not ask the router where the gateway-proxy is: ${gateway.message}` : null}
          testId="gateway-error"
        />
      </section>
      {clients.map((client) => (
        <ClientCard key={client.id} client={client} os={os} mcpUrl={mcpUrl} />
      ))}
      <section className="card" aria-labelledby="oauth-grants-title" data-testid="oauth-grants-section">
        <div className="card__head">
          <h2 id="oauth-grants-title">Applications you authorized</h2>
        </div>
        <p className="card__intro muted">
          MCP clients that sign in with OAuth act as you at the gateway-proxy once you allow them. Revoke one to end its access: it can no longer refresh its
          tokens, and the access token it holds stops within minutes.
        </p>
        <OAuthGrants emptyMessage="No application yet: MCP clients that sign in with OAuth (instead of an API token) appear here once you allow them." />
      </section>
    </>
  );
}
