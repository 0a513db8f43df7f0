/**
 * Operation documents shared by the portal and the CLI, with their result types. Plain strings with no
 * runtime dependency, so the browser bundle can import them.
 */

export type ServerStatusValue = 'STOPPED' | 'STARTING' | 'RUNNING' | 'STOPPING' | 'ERROR';
export type RoleValue = 'ADMIN' | 'OPERATOR' | 'VIEWER';

export interface UserSummary {
  id: string;
  email: string;
  role: RoleValue;
}

export interface ServerSummary {
  id: string;
  name: string;
  status: ServerStatusValue;
  lastError: string | null;
  updatedAt: string;
  enabledBy: { id: string; email: string };
  catalogEntry: { title: string; description: string } | null;
}

export interface CatalogEntrySummary {
  name: string;
  title: string;
  description: string;
  type: 'SERVER' | 'REMOTE' | 'POCI';
  category: string | null;
}

export const loginMutation = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      expiresAt
      user { id email role }
    }
  }
`;
export interface LoginResult {
  login: { token: string; expiresAt: string; user: UserSummary };
}

export const meQuery = /* GraphQL */ `
  query Me {
    me { id email role }
  }
`;
export interface MeResult {
  me: UserSummary | null;
}

const serverFields = /* GraphQL */ `
  id
  name
  status
  lastError
  updatedAt
  enabledBy { id email }
  catalogEntry { title description }
`;

export const serversQuery = /* GraphQL */ `
  query Servers {
    servers { ${serverFields} }
  }
`;
export interface ServersResult {
  servers: ServerSummary[];
}

export const catalogQuery = /* GraphQL */ `
  query Catalog($search: String) {
    catalog(search: $search) { name title description type category }
  }
`;
export interface CatalogResult {
  catalog: CatalogEntrySummary[];
}

export const enableServerMutation = /* GraphQL */ `
  mutation EnableServer($name: String!) {
    enableServer(name: $name) { ${serverFields} }
  }
`;
export interface EnableServerResult {
  enableServer: ServerSummary;
}

export const setServerStatusMutation = /* GraphQL */ `
  mutation SetServerStatus($id: ID!, $status: ServerStatus!, $lastError: String) {
    setServerStatus(id: $id, status: $status, lastError: $lastError) { id status lastError updatedAt }
  }
`;

export const serverStatusChangedSubscription = /* GraphQL */ `
  subscription ServerStatusChanged($id: ID) {
    serverStatusChanged(id: $id) { ${serverFields} }
  }
`;
export interface ServerStatusChangedResult {
  serverStatusChanged: ServerSummary;
}

export * from './admin.ts';
