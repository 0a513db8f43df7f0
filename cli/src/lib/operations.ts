/**
 * Operation documents only the CLI uses, in the style of `@mcp-portal/schema/operations` (the shared ones
 * come from there).
 */
import type { ServerLifecycleStatus, UserSummary } from '@mcp-portal/schema/operations';

/** `login` with the refresh token too, so that `docker mcp login --email` can end that session afterwards. */
export const sessionLoginMutation = /* GraphQL */ `
  mutation CliLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      refreshToken
      user { id email role }
    }
  }
`;
export interface SessionLoginResult {
  login: { token: string; refreshToken: string; user: UserSummary };
}

/** Ends the interactive session of a refresh token (the CLI keeps an API token instead). */
export const endSessionMutation = /* GraphQL */ `
  mutation CliEndSession($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`;
export interface EndSessionResult {
  logout: boolean;
}

/** Who a freshly obtained API token belongs to, and when the token expires (it is one of theirs). */
export const tokenIdentityQuery = /* GraphQL */ `
  query CliTokenIdentity {
    me { id email role }
    apiTokens { id expiresAt }
  }
`;
export interface TokenIdentityResult {
  me: UserSummary | null;
  apiTokens: { id: string; expiresAt: string | null }[];
}

/** How many tools each enabled server announced (`tools count`): only the names, no schemas. */
export const toolCountsQuery = /* GraphQL */ `
  query CliToolCounts {
    servers { id name status tools { name } }
  }
`;
export interface ToolCountsResult {
  servers: { id: string; name: string; status: ServerLifecycleStatus; tools: { name: string }[] }[];
}

/**
 * What a server's catalog entry reads from its configuration (`config set` checks keys against it): the
 * config schema (Docker's `config:`) and the texts `{{key}}` templates may stand in when it starts.
 */
export const serverConfigKeysQuery = /* GraphQL */ `
  query CliServerConfigKeys($id: ID!) {
    server(id: $id) {
      id
      name
      status
      catalogEntry {
        name
        configSchema
        command
        env { value }
        run { args env { value } }
      }
    }
  }
`;
export interface ServerConfigKeysResult {
  server: {
    id: string;
    name: string;
    status: ServerLifecycleStatus;
    /** Null when the entry left the catalog. */
    catalogEntry: {
      name: string;
      /** JSON Schema objects, one or a list, or null. */
      configSchema: unknown;
      command: string[];
      env: { value: string }[];
      run: { args: string[]; env: { value: string }[] } | null;
    } | null;
  } | null;
}
