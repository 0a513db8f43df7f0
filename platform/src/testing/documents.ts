/**
 * The few operations the platform's own tests and the bench send to drive a server's lifecycle directly
 * (setServerStatus is no client's operation). The portal and the CLI type theirs from the generated
 * schema types; these answers are checked by the tests that read them.
 */

/** The fields the lifecycle tests read of a server. */
export interface TestServer {
  id: string;
  name: string;
  status: string;
  lastError: string | null;
  updatedAt: string;
  enabledBy: { id: string; email: string };
  catalogEntry: { title: string; description: string } | null;
}

const testServerFields = 'id name status lastError updatedAt enabledBy { id email } catalogEntry { title description }';

export const loginMutation = `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { token expiresAt user { id email role } }
  }
`;
export interface LoginResult {
  login: { token: string; expiresAt: string; user: { id: string; email: string; role: string } };
}

export const serversQuery = `query Servers { servers { ${testServerFields} } }`;
export interface ServersResult {
  servers: TestServer[];
}

export const enableServerMutation = `
  mutation EnableServer($name: String!, $start: Boolean) {
    enableServer(name: $name, start: $start) { ${testServerFields} }
  }
`;
export interface EnableServerResult {
  enableServer: TestServer;
}

export const setServerStatusMutation = `
  mutation SetServerStatus($id: ID!, $status: ServerStatus!, $lastError: String) {
    setServerStatus(id: $id, status: $status, lastError: $lastError) { id status lastError updatedAt }
  }
`;

export const serverStatusChangedSubscription = `
  subscription ServerStatusChanged($id: ID) {
    serverStatusChanged(id: $id) { ${testServerFields} }
  }
`;
export interface ServerStatusChangedResult {
  serverStatusChanged: TestServer;
}
