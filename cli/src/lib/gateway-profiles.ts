import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { GatewayFilter } from '@mcp-portal/schema/gateway-filter';
import { PortalError } from './errors.ts';
import { dockerConfigDir, type Env } from './settings.ts';

/**
 * Named sets of servers and tools for `docker mcp gateway run --profile NAME`, saved by
 * `docker mcp gateway run --servers … --tools … --save-profile NAME` in `$DOCKER_CONFIG/mcp/profiles.json`.
 */
const profileSchema = z.object({ servers: z.array(z.string().min(1)).optional(), tools: z.array(z.string().min(1)).optional() });
const profilesFileSchema = z.object({ profiles: z.record(z.string(), profileSchema) });
type ProfilesFile = z.infer<typeof profilesFileSchema>;

export const profileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function profilesFile(env: Env = process.env): string {
  return join(dockerConfigDir(env), 'mcp', 'profiles.json');
}

async function readProfiles(env: Env): Promise<ProfilesFile> {
  const file = profilesFile(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw new PortalError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PortalError(`${file} is not valid JSON (${(error as Error).message}).`, { cause: error });
  }
  const parsed = profilesFileSchema.safeParse(json);
  if (!parsed.success)
    throw new PortalError(
      `${file} is not a valid profiles file (${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}).`,
    );
  return parsed.data;
}

export async function readProfile(name: string, env: Env = process.env): Promise<GatewayFilter> {
  const { profiles } = await readProfiles(env);
  const profile = profiles[name];
  if (!profile) {
    const saved = Object.keys(profiles).sort();
    throw new PortalError(
      `No profile "${name}" in ${profilesFile(env)}${saved.length ? ` (saved: ${saved.join(', ')})` : ''}; save one with \`docker mcp gateway run --servers … --save-profile ${name}\`.`,
    );
  }
  return profile;
}

/** Saves (or replaces) a profile; returns the file. */
export async function saveProfile(name: string, filter: GatewayFilter, env: Env = process.env): Promise<string> {
  if (!profileNamePattern.test(name)) throw new PortalError(`Invalid profile name "${name}": use letters, digits, dots, dashes and underscores.`);
  if (!filter.servers && !filter.tools) throw new PortalError('--save-profile needs --servers and/or --tools: a profile is a set of servers and tools.');
  const file = profilesFile(env);
  const current = await readProfiles(env);
  const next: ProfilesFile = { profiles: { ...current.profiles, [name]: filter } };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
  return file;
}
