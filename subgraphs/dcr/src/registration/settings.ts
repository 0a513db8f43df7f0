import { z } from 'zod';
import { emptyAsUndefined, readSettings, type Environment } from '@mcp-portal/kit';

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

/** The variables (zod). */
export const registrationSettingsShape = {
  MCP_DCR_INITIAL_ACCESS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'at least 16 characters').optional()),
  MCP_DCR_MAX_CLIENTS_PER_ADDRESS: count(20),
  MCP_DCR_REGISTRATIONS_PER_WINDOW: count(10),
  MCP_DCR_REGISTRATION_WINDOW_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(3600)),
  MCP_DCR_ALLOWED_REDIRECT_HOSTS: hostList,
};

/** Every limit at its default (what a test or an embedding gets without variables). */
export const defaultRegistrationSettings: RegistrationSettings = readRegistrationSettings({});

/** Parses MCP_DCR_* from `env`; a bad value throws a ConfigError naming it. */
export function readRegistrationSettings(env: Environment): RegistrationSettings {
  const variables = readSettings(registrationSettingsShape, env);
  return {
    initialAccessToken: variables.MCP_DCR_INITIAL_ACCESS_TOKEN ?? null,
    maxClientsPerAddress: variables.MCP_DCR_MAX_CLIENTS_PER_ADDRESS,
    registrationsPerWindow: variables.MCP_DCR_REGISTRATIONS_PER_WINDOW,
    windowSeconds: variables.MCP_DCR_REGISTRATION_WINDOW_SECONDS,
    allowedRedirectHosts: variables.MCP_DCR_ALLOWED_REDIRECT_HOSTS,
  };
}
