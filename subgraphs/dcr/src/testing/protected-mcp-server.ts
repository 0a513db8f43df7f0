import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { ElicitResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { TestAuthorizationServer, VerifiedAccessToken } from './authorization-server.ts';

export interface ProtectedMcpServerOptions {
  /** The authorization servers the RFC 9728 metadata names (the first is used by clients). */
  authorizationServers: string[];
  /** Checks a bearer token (the test authorization server's verifyAccessToken). */
  verifyAccessToken(token: string): Promise<VerifiedAccessToken | null>;
  /** The RFC 9728 scopes_supported; unset: none published. */
  scopesSupported?: string[];
  /** The `scope` of the 401 challenge; unset: none. */
  challengeScope?: string;
  /** The scope the `write_note` tool needs: without it, 403 insufficient_scope. */
  writeScope?: string;
  /**
   * `streamable-http` (default: stateless, at /mcp) or `sse`: the legacy HTTP+SSE transport, its stream at /mcp
   * (GET) and its messages POSTed to /mcp/messages?sessionId=…, both behind the same bearer check.
   */
  transport?: 'streamable-http' | 'sse';
  /**
   * Also offer a prompt (`whoami`), a resource (`note://<host>/mine`) and a resource template
   * (`note://<host>/{name}`), `<host>` being its URL's (so two such servers list different URIs), each answering
   * with the account the token is for, and a `confirm` tool that asks its client (elicitation/create, so with the
   * `sse` transport only: the stateless Streamable HTTP one cannot take the answer) whether to go on (default:
   * `whoami` and `write_note` only).
   */
  content?: boolean;
}

export interface ProtectedMcpServer {
  /** The MCP endpoint (the RFC 8707 resource). */
  url: string;
  resourceMetadataUrl: string;
  /** Requests refused with 401, and why. */
  refusals: string[];
  /** The last access token it accepted for `accountId` (any account's when none is named). */
  lastTokenOf(accountId?: string): string | undefined;
  /**
   * How many GET streams it accepted with a token of `accountId`: a client opens its stream without waiting once
   * its session is initialized, so a test that then revokes the token waits for it first.
   */
  streamsOf(accountId: string): number;
  close(): Promise<void>;
}

/** The options that protect a server with the test authorization server: its issuer, and its token check. */
export function protectedBy(authorizationServer: Pick<TestAuthorizationServer, 'issuer' | 'verifyAccessToken'>) {
  return {
    authorizationServers: [authorizationServer.issuer],
    verifyAccessToken: (token: string) => authorizationServer.verifyAccessToken(token),
  } satisfies Pick<ProtectedMcpServerOptions, 'authorizationServers' | 'verifyAccessToken'>;
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

function toolCalled(body: unknown): string | undefined {
  const message = body as { method?: unknown; params?: { name?: unknown } } | undefined;
  return message?.method === 'tools/call' && typeof message.params?.name === 'string' ? message.params.name : undefined;
}

/** The names the note template completes (completion/complete on its `name`). */
const noteNames = ['minutes', 'plans', 'playbook'];

/** The SDK server for one verified token: `whoami` and `write_note`, and with `content` a prompt and resources. */
function protectedServer(options: ProtectedMcpServerOptions, host: string): McpServer {
  const mcp = new McpServer({ name: 'protected-test-server', version: '1.0.0' });
  const account = (extra: { authInfo?: AuthInfo }) => String(extra.authInfo?.extra?.['accountId'] ?? '');
  mcp.registerTool('whoami', { description: 'The account the access token is for.' }, (extra) => ({
    content: [{ type: 'text', text: account(extra) }],
  }));
  mcp.registerTool('write_note', { description: 'Needs the write scope.' }, () => ({ content: [{ type: 'text', text: 'written' }] }));
  if (options.content) {
    mcp.registerTool('confirm', { description: 'Asks the user whether to go on (elicitation).' }, async (extra) => {
      const answer = await extra.sendRequest(
        {
          method: 'elicitation/create',
          params: { mode: 'form', message: `Go on as ${account(extra)}?`, requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } } },
        },
        ElicitResultSchema,
      );
      return { content: [{ type: 'text', text: `${account(extra)}: ${answer.action}` }] };
    });
    mcp.registerPrompt('whoami', { description: 'Names the account the access token is for.' }, (extra) => ({
      messages: [{ role: 'user', content: { type: 'text', text: `You are ${account(extra)}.` } }],
    }));
    mcp.registerResource('mine', `note://${host}/mine`, { description: "The token's account's note.", mimeType: 'text/plain' }, (uri, extra) => ({
      contents: [{ uri: uri.href, mimeType: 'text/plain', text: `the note of ${account(extra)}` }],
    }));
    mcp.registerResource(
      'note',
      new ResourceTemplate(`note://${host}/{name}`, { list: undefined, complete: { name: (value) => noteNames.filter((name) => name.startsWith(value)) } }),
      { description: 'A named note of the account.', mimeType: 'text/plain' },
      (uri, variables, extra) => ({
        contents: [{ uri: uri.href, mimeType: 'text/plain', text: `${String(variables['name'])} of ${account(extra)}` }],
      }),
    );
  }
  return mcp;
}

/**
 * A remote MCP server built with the SDK (McpServer over the Streamable HTTP transport, stateless, or HTTP+SSE) behind a
 * bearer check, on a loopback port: it answers 401 with `WWW-Authenticate: Bearer resource_metadata=…` without a
 * valid token for its resource, publishes RFC 9728 metadata at /.well-known/oauth-protected-resource/mcp, and
 * answers 403 insufficient_scope when `write_note` is called without the write scope. Its `whoami` tool says
 * which account the token is for.
 */
export async function startProtectedMcpServer(options: ProtectedMcpServerOptions): Promise<ProtectedMcpServer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/mcp`;
  const resourceMetadataUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;
  const refusals: string[] = [];
  const acceptedTokens = new Map<string, string>();
  let lastAccepted: string | undefined;
  const acceptedStreams = new Map<string, number>();
  /** The open HTTP+SSE sessions (transport `sse`), by session id. */
  const sseSessions = new Map<string, SSEServerTransport>();
  const challenge = (extra: string) =>
    `Bearer resource_metadata="${resourceMetadataUrl}"${options.challengeScope ? `, scope="${options.challengeScope}"` : ''}${extra}`;

  server.on('request', (req, res) => {
    void (async () => {
      const path = req.url?.split('?')[0];
      if (req.method === 'GET' && path === '/.well-known/oauth-protected-resource/mcp') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            resource: url,
            authorization_servers: options.authorizationServers,
            bearer_methods_supported: ['header'],
            ...(options.scopesSupported ? { scopes_supported: options.scopesSupported } : {}),
          }),
        );
        return;
      }
      const sse = options.transport === 'sse';
      if (path !== '/mcp' && !(sse && path === '/mcp/messages')) {
        res.writeHead(404).end();
        return;
      }
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const verified = bearer ? await options.verifyAccessToken(bearer) : null;
      if (!bearer || !verified || verified.audience !== url) {
        refusals.push(!bearer ? 'no token' : !verified ? 'unknown, expired or revoked token' : `token for ${verified.audience ?? 'no resource'}`);
        res
          .writeHead(401, { 'www-authenticate': challenge(bearer ? ', error="invalid_token"' : ''), 'content-type': 'application/json' })
          .end('{"error":"invalid_token"}');
        return;
      }
      acceptedTokens.set(verified.accountId, bearer);
      lastAccepted = bearer;
      if (req.method === 'GET') acceptedStreams.set(verified.accountId, (acceptedStreams.get(verified.accountId) ?? 0) + 1);
      const body = req.method === 'POST' ? await jsonBody(req) : undefined;
      const writeScope = options.writeScope ?? 'mcp:write';
      if (toolCalled(body) === 'write_note' && !verified.scopes.includes(writeScope)) {
        const wanted = [...new Set([...verified.scopes, writeScope])].join(' ');
        res
          .writeHead(403, { 'www-authenticate': `Bearer error="insufficient_scope", scope="${wanted}", resource_metadata="${resourceMetadataUrl}"` })
          .end('{"error":"insufficient_scope"}');
        return;
      }
      const auth: AuthInfo = {
        token: bearer,
        clientId: verified.clientId,
        scopes: verified.scopes,
        resource: new URL(url),
        extra: { accountId: verified.accountId },
      };
      if (sse) {
        if (req.method === 'GET' && path === '/mcp') {
          const transport = new SSEServerTransport('/mcp/messages', res);
          sseSessions.set(transport.sessionId, transport);
          const mcp = protectedServer(options, new URL(origin).host);
          res.on('close', () => {
            sseSessions.delete(transport.sessionId);
            void mcp.close();
          });
          await mcp.connect(transport);
          return;
        }
        const transport = sseSessions.get(new URL(req.url ?? '', origin).searchParams.get('sessionId') ?? '');
        if (req.method !== 'POST' || path !== '/mcp/messages' || !transport) {
          res.writeHead(transport ? 405 : 404).end();
          return;
        }
        await transport.handlePostMessage(Object.assign(req, { auth }), res, body);
        return;
      }
      const mcp = protectedServer(options, new URL(origin).host);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void mcp.close();
      });
      await mcp.connect(transport);
      await transport.handleRequest(Object.assign(req, { auth }), res, body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });

  return {
    url,
    resourceMetadataUrl,
    refusals,
    lastTokenOf: (accountId) => (accountId === undefined ? lastAccepted : acceptedTokens.get(accountId)),
    streamsOf: (accountId) => acceptedStreams.get(accountId) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
