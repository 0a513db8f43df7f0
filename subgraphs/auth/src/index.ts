import { sendJson, type SubgraphDefinition } from '@mcp-portal/kit';
import { authSchema } from './schema/index.ts';
import { createAuthServices, type AuthServices } from './services/index.ts';
import { tokenExchangePath } from '@mcp-portal/schema';
import { tokenExchangeHandler } from './routes/token-exchange.ts';
import { sessionRoutes } from './routes/session.ts';
import { oidcRoutes } from './routes/oidc.ts';
import { deviceRoutes } from './routes/device.ts';

export const jwksPath = '/.well-known/jwks.json';

export const authSubgraph: SubgraphDefinition<AuthServices> = {
  name: 'auth',
  defaultPort: 4001,
  schema: authSchema,
  createServices: createAuthServices,
  tokenVerifier: (services) => services.issuer.verifier(),
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
    [jwksPath]: (_req, res) => {
      res.setHeader('cache-control', 'public, max-age=300');
      sendJson(res, 200, services.issuer.jwks);
    },
  }),
};

export type { AuthServices };
export { hashPassword, verifyPassword } from './services/passwords.ts';
export { isApiToken } from './services/api-tokens.ts';
