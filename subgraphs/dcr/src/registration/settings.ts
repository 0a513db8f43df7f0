import { z } from 'zod';
import { ConfigError, emptyAsUndefined, readSettings, type Environment } from '@mcp-portal/kit';

/** Where registered clients live: `local` (Postgres) or `azure` (Entra ID applications, secrets in Key Vault). */
export type RegistrationBackendName = 'local' | 'azure';

/** Entra ID sign-in audiences (Graph `application.signInAudience`). */
export const azureSignInAudiences = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'] as const;

/** The `azure` backend (MCP_DCR_AZURE_*): the gateway's own app registration, its vault and the API clients get access to. */
export interface AzureRegistrationSettings {
  tenantId: string;
  /** The gateway's app registration (needs Graph Application.ReadWrite.OwnedBy and Key Vault secret set/delete). */
  clientId: string;
  /** Its client secret: never logged. */
  clientSecret: string;
  /** The vault that keeps the registered clients' secrets (`https://<name>.vault.azure.net`). */
  keyVaultUrl: string;
  /** The gateway API's application (client) id: the `resourceAppId` of each client's required resource access. */
  apiAppId: string;
  /** The id of the API's delegated permission scope (oauth2PermissionScopes[].id) each client gets. */
  apiScopeId: string;
  signInAudience: (typeof azureSignInAudiences)[number];
  /** The Entra authority host (https); other clouds, or a local test server. */
  authorityHost: string;
  /** Microsoft Graph's base URL (https, without /v1.0). */
  graphUrl: string;
}

/** The abuse limits of RFC 7591 registration (MCP_DCR_*; see the README's configuration table). */
export interface RegistrationSettings {
  /** RFC 7591 §3: when set, `POST /register` needs `Authorization: Bearer <this>`; null: open registration. */
  initialAccessToken: string | null;
  /** Live (registered, not deleted) clients one source address may have; 0: no cap. */
  maxClientsPerAddress: number;
  /** Registration attempts one source address may make per window; 0: no limit. */
  registrationsPerWindow: number;
  /** The rate limit's window. */
  windowSeconds: number;
  /** Host names redirect URIs may point at (`*.example.com` also matches its subdomains); empty: any the metadata rules accept. */
  allowedRedirectHosts: string[];
  /**
   * MCP_DCR_BACKEND=azure: the `azure` backend's settings (MCP_DCR_AZURE_*, all required then); absent: the
   * `local` backend (the default).
   */
  azure?: AzureRegistrationSettings;
}

/** The backend the settings choose. */
export function backendName(settings: RegistrationSettings): RegistrationBackendName {
  return settings.azure ? 'azure' : 'local';
}

const count = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(fallback));

const hostList = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter((host) => host.length > 0),
    )
    .refine(
      (hosts) => hosts.every((host) => /^(\*\.)?[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(host)),
      'a comma-separated list of host names (e.g. app.example.com, *.example.com)',
    ),
);

const optionalText = z.preprocess(emptyAsUndefined, z.string().trim().min(1).optional());
const guid = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a GUID')
    .optional(),
);
/** An https URL, without trailing slashes. */
const httpsUrl = z
  .string()
  .url()
  .refine((value) => value.startsWith('https://'), 'an https URL')
  .transform((value) => value.replace(/\/+$/, ''));

/** The variables (zod). */
export const registrationSettingsShape = {
  MCP_DCR_INITIAL_ACCESS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'at least 16 characters').optional()),
  MCP_DCR_MAX_CLIENTS_PER_ADDRESS: count(20),
  MCP_DCR_REGISTRATIONS_PER_WINDOW: count(10),
  MCP_DCR_REGISTRATION_WINDOW_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(3600)),
  MCP_DCR_ALLOWED_REDIRECT_HOSTS: hostList,
  MCP_DCR_BACKEND: z.preprocess(emptyAsUndefined, z.enum(['local', 'azure']).default('local')),
  MCP_DCR_AZURE_TENANT_ID: optionalText,
  MCP_DCR_AZURE_CLIENT_ID: optionalText,
  MCP_DCR_AZURE_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  MCP_DCR_AZURE_KEY_VAULT_URL: z.preprocess(emptyAsUndefined, httpsUrl.optional()),
  MCP_DCR_AZURE_API_APP_ID: guid,
  MCP_DCR_AZURE_API_SCOPE_ID: guid,
  MCP_DCR_AZURE_SIGN_IN_AUDIENCE: z.preprocess(emptyAsUndefined, z.enum(azureSignInAudiences).default('AzureADMyOrg')),
  MCP_DCR_AZURE_AUTHORITY_HOST: z.preprocess(emptyAsUndefined, httpsUrl.default('https://login.microsoftonline.com')),
  MCP_DCR_AZURE_GRAPH_URL: z.preprocess(emptyAsUndefined, httpsUrl.default('https://graph.microsoft.com')),
};

/** The variables the `azure` backend cannot start without. */
const requiredForAzure = [
  'MCP_DCR_AZURE_TENANT_ID',
  'MCP_DCR_AZURE_CLIENT_ID',
  'MCP_DCR_AZURE_CLIENT_SECRET',
  'MCP_DCR_AZURE_KEY_VAULT_URL',
  'MCP_DCR_AZURE_API_APP_ID',
  'MCP_DCR_AZURE_API_SCOPE_ID',
] as const;

/** Every limit at its default (what a test or an embedding gets without variables). */
export const defaultRegistrationSettings: RegistrationSettings = readRegistrationSettings({});

/** Parses MCP_DCR_* from `env`; a bad value throws a ConfigError naming it. */
export function readRegistrationSettings(env: Environment): RegistrationSettings {
  const variables = readSettings(registrationSettingsShape, env);
  let azure: AzureRegistrationSettings | undefined;
  if (variables.MCP_DCR_BACKEND === 'azure') {
    const missing = requiredForAzure.filter((name) => variables[name] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(`Invalid configuration:\n${missing.map((name) => `  ${name}: required when MCP_DCR_BACKEND is azure`).join('\n')}`);
    }
    azure = {
      tenantId: variables.MCP_DCR_AZURE_TENANT_ID!,
      clientId: variables.MCP_DCR_AZURE_CLIENT_ID!,
      clientSecret: variables.MCP_DCR_AZURE_CLIENT_SECRET!,
      keyVaultUrl: variables.MCP_DCR_AZURE_KEY_VAULT_URL!,
      apiAppId: variables.MCP_DCR_AZURE_API_APP_ID!,
      apiScopeId: variables.MCP_DCR_AZURE_API_SCOPE_ID!,
      signInAudience: variables.MCP_DCR_AZURE_SIGN_IN_AUDIENCE,
      authorityHost: variables.MCP_DCR_AZURE_AUTHORITY_HOST,
      graphUrl: variables.MCP_DCR_AZURE_GRAPH_URL,
    };
  }
  return {
    ...(azure ? { azure } : {}),
    initialAccessToken: variables.MCP_DCR_INITIAL_ACCESS_TOKEN ?? null,
    maxClientsPerAddress: variables.MCP_DCR_MAX_CLIENTS_PER_ADDRESS,
    registrationsPerWindow: variables.MCP_DCR_REGISTRATIONS_PER_WINDOW,
    windowSeconds: variables.MCP_DCR_REGISTRATION_WINDOW_SECONDS,
    allowedRedirectHosts: variables.MCP_DCR_ALLOWED_REDIRECT_HOSTS,
  };
}
