/**
 * Operation documents shared by the portal and the CLI, with their result types. Plain strings with no
 * runtime dependency, so the browser bundle can import them.
 */

export type ServerStatusValue = 'STOPPED' | 'STARTING' | 'RUNNING' | 'UNHEALTHY' | 'STOPPING' | 'FAILED';
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

export type CatalogEntrySourceValue = 'BUNDLED' | 'CUSTOM' | 'IMPORTED';

/** What an entry cannot run without (see `CatalogRequirementKind` in the schema). */
export type CatalogRequirementKindValue = 'CONTAINER_ENGINE' | 'PROGRAM' | 'NETWORK' | 'SECRET' | 'CONFIG' | 'OAUTH';

export interface CatalogRequirement {
  kind: CatalogRequirementKindValue;
  /** The image, program, host(s) (`*`: any), secret, configuration key or OAuth provider. */
  name: string | null;
  detail: string;
}

/** Whether the platform can run the entry now; `reason` says why not (and what to do). */
export interface CatalogRunnability {
  canRun: boolean;
  runtime: 'DOCKER' | 'PROCESS' | 'REMOTE' | null;
  reason: string | null;
}

export interface CatalogEntrySummary {
  name: string;
  title: string;
  description: string;
  type: 'SERVER' | 'REMOTE' | 'POCI';
  category: string | null;
  source: CatalogEntrySourceValue;
  requirements: CatalogRequirement[];
  runnability: CatalogRunnability;
}

/** What a config form and `catalog show` need of an entry. */
export interface CatalogEntryDetail extends CatalogEntrySummary {
  image: string | null;
  command: string[];
  run: { command: string; package: string | null; bin: string | null; args: string[]; env: { name: string; value: string }[] } | null;
  remoteUrl: string | null;
  remoteTransport: string | null;
  tools: string[];
  secrets: { name: string; env: string; example: string | null; description: string | null }[];
  env: { name: string; value: string }[];
  /** JSON Schema objects (Docker's `config:`), or null. */
  configSchema: unknown;
  disableNetwork: boolean;
  allowHosts: string[];
  oauth: { providers: { provider: string; secret: string | null; env: string | null }[]; scopes: string[] } | null;
  readme: string | null;
  tags: string[];
  license: string | null;
  icon: string | null;
}

/** An entry left out of an import: where its first problem is in the YAML (1-based line and column). */
export interface CatalogImportSkip {
  name: string | null;
  line: number;
  column: number;
  path: string;
  message: string;
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

const catalogEntrySummaryFields = 'name title description type category source requirements { kind name detail } runnability { canRun runtime reason }';

/** The most entries one catalog page may hold. */
export const catalogPageMax = 500;

export const catalogQuery = /* GraphQL */ `
  query Catalog($search: String, $first: Int, $after: String) {
    catalog(search: $search, first: $first, after: $after) {
      entries { ${catalogEntrySummaryFields} }
      endCursor
      hasNextPage
      totalCount
    }
  }
`;
export interface CatalogResult {
  catalog: { entries: CatalogEntrySummary[]; endCursor: string | null; hasNextPage: boolean; totalCount: number };
}

export const catalogEntryQuery = /* GraphQL */ `
  query CatalogEntry($name: String!) {
    catalogEntry(name: $name) {
      ${catalogEntrySummaryFields}
      image
      command
      run { command package bin args env { name value } }
      remoteUrl
      remoteTransport
      tools
      secrets { name env example description }
      env { name value }
      configSchema
      disableNetwork
      allowHosts
      oauth { providers { provider secret env } scopes }
      readme
      tags
      license
      icon
    }
  }
`;
export interface CatalogEntryResult {
  catalogEntry: CatalogEntryDetail | null;
}

export const importCatalogMutation = /* GraphQL */ `
  mutation ImportCatalog($yaml: String, $url: String) {
    importCatalog(yaml: $yaml, url: $url) {
      imported
      entries { ${catalogEntrySummaryFields} }
      skipped { name line column path message }
    }
  }
`;
export interface ImportCatalogResult {
  importCatalog: { imported: number; entries: CatalogEntrySummary[]; skipped: CatalogImportSkip[] };
}

export const enableServerMutation = /* GraphQL */ `
  mutation EnableServer($name: String!, $start: Boolean) {
    enableServer(name: $name, start: $start) { ${serverFields} }
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
export * from './device.ts';
export * from './servers.ts';
