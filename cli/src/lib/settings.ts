import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { LOGIN_HINT, PortalError } from './errors.ts';

export const DEFAULT_URL = 'http://127.0.0.1:4000';

/**
 * What `docker mcp login` saves in `$DOCKER_CONFIG/mcp/portal.json`. Every field but `url` is optional, so
 * files written by older versions (a login JWT with its `expiresAt`, no `role` or `tokenId`) still load.
 */
export const savedLoginSchema = z.object({
  url: z.url(),
  /** An API token (`mcpat_…`); older versions saved a short-lived login JWT here. */
  token: z.string().min(1).optional(),
  email: z.string().optional(),
  role: z.string().optional(),
  /** Set when `login` created the API token itself: `logout` then revokes it on the router. */
  tokenId: z.string().optional(),
  expiresAt: z.string().optional(),
});
export type SavedLogin = z.infer<typeof savedLoginSchema>;

export type Env = Record<string, string | undefined>;

/** `$DOCKER_CONFIG`, or `~/.docker` like the Docker CLI. */
export function dockerConfigDir(env: Env = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

export function settingsFile(env: Env = process.env): string {
  return join(dockerConfigDir(env), 'mcp', 'portal.json');
}

/**
 * Normalises a router URL to its base (`http://host:4000`, no trailing slash, no `/graphql`): users may
 * paste either the portal address or the GraphQL endpoint.
 */
export function normalizeUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new PortalError(`Invalid router URL "${input}": expected something like ${DEFAULT_URL}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PortalError(`Invalid router URL "${input}": only http:// and https:// are supported.`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/graphql$/, '');
  return `${url.origin}${path}`;
}

export function graphqlEndpoint(baseUrl: string): string {
  return `${baseUrl}/graphql`;
}

/** Reads the saved login; `undefined` when there is none. A corrupt file is a clear PortalError. */
export async function readSavedLogin(env: Env = process.env): Promise<SavedLogin | undefined> {
  const file = settingsFile(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PortalError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PortalError(`${file} is not valid JSON (${(error as Error).message}); delete it and ${LOGIN_HINT} again.`, { cause: error });
  }
  const parsed = savedLoginSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new PortalError(`${file} is not a valid MCP Portal login (${problems}); delete it and ${LOGIN_HINT} again.`);
  }
  return parsed.data;
}

/** Writes the login atomically: directory 0700, file 0600 (it holds a bearer token). */
export async function writeSavedLogin(login: SavedLogin, env: Env = process.env): Promise<string> {
  const file = settingsFile(env);
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(savedLoginSchema.parse(login), null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new PortalError(`Cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
  return file;
}

export interface ResolvedSettings {
  /** Base URL of the router (no `/graphql`). */
  url: string;
  token: string | undefined;
  /** Where the token came from, for error messages. */
  tokenSource: 'env' | 'saved' | undefined;
  saved: SavedLogin | undefined;
}

/**
 * URL: `--url`, else `DOCKER_MCP_URL`, else the saved login's, else the default. Token: `DOCKER_MCP_TOKEN`,
 * else the saved one, but only when it was issued by the same router (a token is never sent elsewhere).
 * The file is read only when something is still missing, so env-only use survives a corrupt file.
 */
export async function resolveSettings(options: { url?: string | undefined; env?: Env } = {}): Promise<ResolvedSettings> {
  const env = options.env ?? process.env;
  const explicitUrl = options.url || env.DOCKER_MCP_URL || undefined;
  const envToken = env.DOCKER_MCP_TOKEN || undefined;
  const saved = explicitUrl && envToken ? undefined : await readSavedLogin(env);
  const url = normalizeUrl(explicitUrl ?? saved?.url ?? DEFAULT_URL);
  if (envToken) return { url, token: envToken, tokenSource: 'env', saved };
  const savedMatches = saved?.token !== undefined && normalizeUrl(saved.url) === url;
  return { url, token: savedMatches ? saved?.token : undefined, tokenSource: savedMatches ? 'saved' : undefined, saved };
}

/** The token for an authenticated command, or a PortalError telling the user to log in. */
export function requireToken(settings: ResolvedSettings, now: Date = new Date()): string {
  if (settings.token === undefined) {
    const other = settings.saved?.token && normalizeUrl(settings.saved.url) !== settings.url ? ` (the saved login is for ${settings.saved.url})` : '';
    const hint = other ? `run \`docker mcp login --url ${settings.url}\`` : LOGIN_HINT;
    throw new PortalError(`Not logged in to ${settings.url}${other}: ${hint} first.`, { code: 'UNAUTHENTICATED' });
  }
  const expiresAt = settings.tokenSource === 'saved' && settings.saved?.expiresAt ? new Date(settings.saved.expiresAt) : undefined;
  if (expiresAt && !Number.isNaN(expiresAt.getTime()) && expiresAt.getTime() <= now.getTime()) {
    throw new PortalError(`Your login to ${settings.url} expired at ${expiresAt.toISOString()}: ${LOGIN_HINT} again.`, { code: 'UNAUTHENTICATED' });
  }
  return settings.token;
}
