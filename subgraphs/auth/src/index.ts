import { sendJson, type SubgraphDefinition } from '@mcp-portal/kit';
import { authSchema } from './schema/index.ts';
import { createAuthServices, type AuthServices } from './services/index.ts';
import { readAuthSettings, type AuthSettings } from './settings.ts';
import { jwksPath, tokenExchangePath } from '@mcp-portal/schema/contract';
import { tokenExchangeHandler } from './routes/token-exchange.ts';
import { sessionRoutes } from './routes/session.ts';
import { oidcRoutes } from './routes/oidc.ts';
import { deviceRoutes } from './routes/device.ts';
import { oauthAccessTokenRoutes } from './routes/oauth-access-token.ts';
import { externalIdentityUserRoutes } from './routes/external-identity-user.ts';
import { executorTokenRoutes } from './routes/executor-token.ts';

export { jwksPath };

export const authSubgraph: SubgraphDefinition<AuthServices, AuthSettings> = {
  name: 'auth',
  defaultPort: 4001,
  schema: authSchema,
  readSettings: readAuthSettings,
  createServices: createAuthServices,
  tokenVerifier: (services) => services.issuer.verifier(),
  // The generated password goes to the console once, on purpose outside the structured log.
  startupNotices: ({ firstAdmin, publicUrl }) =>
    firstAdmin?.generatedPassword
      ? [
          {
            title: 'First start: an admin account was created',
            lines: [
              `Email:              ${firstAdmin.email}`,
              `Generated password: ${firstAdmin.generatedPassword}`,
              '',
              `Sign in at ${publicUrl} (or: docker mcp login --url ${publicUrl}).`,
              'This is the only time the password is shown; set MCP_ADMIN_PASSWORD to choose it.',
            ],
          },
        ]
      : [],
  stop: async (services) => {
    services.auditRetention.stop();
    services.sessions.stop();
    services.issuer.stop();
  },
  routes: (services) => ({
    [tokenExchangePath]: tokenExchangeHandler(services),
    ...sessionRoutes(services),
    ...oidcRoutes(services),
    ...deviceRoutes(services, services.publicUrl),
    // Access tokens for the clients of the platform's authorization server, asked for by the dcr subgraph (signed requests only).
    ...oauthAccessTokenRoutes(services, services.internalKey),
    // The user of an external identity (an Entra object id), asked for by the gateway-proxy (signed requests only).
    ...externalIdentityUserRoutes(services, services.internalKey),
    // The short-lived token of a user's run, asked for by the executor subgraph for the CLI it spawns (signed requests only).
    ...executorTokenRoutes(services, services.internalKey),
    [jwksPath]: (_req, res) => {
      res.setHeader('cache-control', 'public, max-age=300');
      sendJson(res, 200, services.issuer.jwks);
    },
  }),
};

export type { AuthServices, AuthSettings };
export { authSettings, readAuthSettings } from './settings.ts';
export { hashPassword, verifyPassword } from './services/passwords.ts';
export { isApiToken } from './services/api-tokens.ts';
