/**
 * `npm run demo:oauth-server`: a remote MCP server behind OAuth on this machine, to try the platform's OAuth
 * connections with no account anywhere. The same peers the tests use: panva's oidc-provider as the authorization
 * server (dynamic registration, PKCE, RFC 8707 resources, refresh tokens, RFC 7009 revocation, RFC 9207 `iss`; its
 * development login page takes any name and password) and an MCP server built with the SDK that answers 401 without
 * a token for it (tools `whoami`, `read_note`, `write_note`). Both listen on loopback only, on free ports; it writes a
 * catalog file with one entry per connection mode and prints what to run next. Ctrl-C stops both.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProtectedMcpServer, startTestAuthorizationServer } from '@mcp-portal/dcr/testing';

const authorizationServer = await startTestAuthorizationServer({ scopes: ['mcp:read', 'mcp:write'], accessTokenTtlSeconds: 300 });
const mcp = await startProtectedMcpServer({
  authorizationServers: [authorizationServer.issuer],
  verifyAccessToken: (token) => authorizationServer.verifyAccessToken(token),
  scopesSupported: ['mcp:read', 'mcp:write'],
  challengeScope: 'mcp:read',
  writeScope: 'mcp:write',
});

const entry = (title: string, connection: 'user' | 'team') => [
  `    title: ${title}`,
  `    description: A remote MCP server behind OAuth, served by npm run demo:oauth-server on this machine.`,
  `    type: remote`,
  `    remote: { transport_type: streamable-http, url: "${mcp.url}" }`,
  `    oauth: { connection: ${connection} }`,
  `    tools:`,
  `      - { name: whoami, description: The account the access token is for. }`,
];
const folder = await mkdtemp(join(tmpdir(), 'mcp-oauth-demo-'));
const catalog = join(folder, 'catalog.yaml');
await writeFile(
  catalog,
  ['registry:', '  demo-notes:', ...entry('OAuth demo (each user)', 'user'), '  demo-team-notes:', ...entry('OAuth demo (the team)', 'team'), ''].join('\n'),
);

process.stdout.write(
  [
    '',
    `  Authorization server: ${authorizationServer.issuer} (sign in with any name and password)`,
    `  MCP server:           ${mcp.url} (answers 401 without a token)`,
    `  Catalog entries:      ${catalog}`,
    '',
    '  Both are on loopback: start the platform with MCP_OAUTH_ALLOW_HOSTS=127.0.0.1 npm start, then',
    `    docker mcp catalog import ${catalog}`,
    '    docker mcp server enable demo-notes --wait',
    '    docker mcp oauth authorize demo-notes      # open the URL in the browser signed in to the portal',
    "  and call whoami from the server's page in the portal, or from an MCP client on the gateway-proxy",
    '  (http://127.0.0.1:4100/mcp with your API token): it answers with your account at the authorization server.',
    '  Ctrl-C stops both servers.',
    '',
  ].join('\n'),
);

const stop = () => {
  void Promise.all([mcp.close(), authorizationServer.close()]).finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
