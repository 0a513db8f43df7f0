import { maxSecretBytes, maxSecretNameLength, secretNamePattern } from '@mcp-portal/schema/contract';
import { serverSecretsQuery, type CatalogSecret, type ServerSecretsQuery, type SecretFieldsFragment } from './operations.ts';
import { PortalError } from './errors.ts';
import { formatTable, timeAgo } from './format.ts';
import { resolveServer, unknownServerError, type Request } from './servers.ts';

export type ServerWithSecrets = NonNullable<ServerSecretsQuery['server']>;

/** The server named (or with the id) `ref`, with the secrets its catalog entry declares and those it has. */
export async function serverWithSecrets(request: Request, ref: string): Promise<ServerWithSecrets> {
  const { id } = await resolveServer(request, ref);
  const { server } = await request(serverSecretsQuery, { id });
  if (!server) throw unknownServerError(ref);
  return server;
}

/** The secrets the server's catalog entry declares. */
export const declaredSecrets = (server: ServerWithSecrets): CatalogSecret[] => server.catalogEntry?.secrets ?? [];

/** One row of `secret ls`: a secret the catalog entry declares (set or missing), or one the server has besides. */
export interface SecretListing {
  name: string;
  /** The environment variable the server gets it in; null for a secret the entry does not declare. */
  env: string | null;
  state: 'set' | 'missing';
  /** False for a secret the server has but its catalog entry does not declare (the server does not get it). */
  declared: boolean;
  description: string | null;
  updatedAt: string | null;
  updatedBy: { id: string; email: string } | null;
}

/** The entry's secrets in its order, then the server's other secrets by name. Never a value: the API has none. */
export function secretListing(server: ServerWithSecrets): SecretListing[] {
  const declared = declaredSecrets(server);
  const set = new Map<string, SecretFieldsFragment>(server.secrets.map((secret) => [secret.name, secret]));
  const rows: SecretListing[] = declared.map((secret) => {
    const current = set.get(secret.name);
    return {
      name: secret.name,
      env: secret.env,
      state: current ? 'set' : 'missing',
      declared: true,
      description: secret.description,
      updatedAt: current?.updatedAt ?? null,
      updatedBy: current?.updatedBy ?? null,
    };
  });
  const declaredNames = new Set(declared.map((secret) => secret.name));
  for (const secret of server.secrets) {
    if (declaredNames.has(secret.name)) continue;
    rows.push({ name: secret.name, env: null, state: 'set', declared: false, description: null, updatedAt: secret.updatedAt, updatedBy: secret.updatedBy });
  }
  return rows;
}

/** `secret ls`: NAME  ENV  STATE  UPDATED  BY. */
export function secretsTable(rows: readonly SecretListing[], now: Date = new Date()): string {
  return formatTable(
    ['NAME', 'ENV', 'STATE', 'UPDATED', 'BY'],
    rows.map((row) => [row.name, row.env ?? '-', row.state, row.updatedAt ? timeAgo(row.updatedAt, now) : '-', row.updatedBy?.email ?? '-']),
  );
}

/**
 * Checks a secret name before anything is sent or read. The name is not repeated in the error unless it is
 * a valid one: a "name" that breaks the rules is often the value given in the wrong place.
 */
export function checkSecretName(name: string): void {
  const at = name.indexOf('=');
  if (at >= 0) {
    const before = name.slice(0, at);
    const example = secretNamePattern.test(before) ? ` ("${before}")` : '';
    throw new PortalError(`Give only the secret's name${example}: the value is read from stdin or a hidden prompt, never from an argument.`, {
      code: 'BAD_USER_INPUT',
    });
  }
  if (!secretNamePattern.test(name) || name.length > maxSecretNameLength) {
    throw new PortalError(
      `That is not a secret name: names use letters, digits, ".", "_" and "-" (at most ${maxSecretNameLength}), such as github.personal_access_token.`,
      { code: 'BAD_USER_INPUT' },
    );
  }
}

/** Checks a value before it is sent; the errors say what is wrong without showing any of it. */
export function checkSecretValue(value: string, source: 'stdin' | 'prompt'): void {
  if (value.trim() === '') {
    throw new PortalError(source === 'stdin' ? 'No secret value on stdin (it is empty): nothing was set.' : 'No value entered: nothing was set.', {
      code: 'BAD_USER_INPUT',
    });
  }
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > maxSecretBytes) {
    throw new PortalError(`The secret value is ${bytes} bytes; at most ${maxSecretBytes} (64 KiB) are allowed: nothing was set.`, { code: 'BAD_USER_INPUT' });
  }
}

/**
 * An error of a request that carried `value`, safe to print: should the answer quote the value, every
 * occurrence becomes `***` (and the original error, with its stack, is dropped).
 */
export function withoutSecretValue(error: unknown, value: string): unknown {
  if (!value) return error;
  const message = error instanceof Error ? error.message : String(error);
  const extensions = error instanceof PortalError ? error.extensions : undefined;
  const extensionsText = extensions ? JSON.stringify(extensions) : '';
  if (!message.includes(value) && !extensionsText.includes(JSON.stringify(value).slice(1, -1))) return error;
  return new PortalError(message.replaceAll(value, '***'), {
    code: error instanceof PortalError ? error.code : undefined,
    ...(extensions ? { extensions: JSON.parse(extensionsText.replaceAll(JSON.stringify(value).slice(1, -1), '***')) as Record<string, unknown> } : {}),
  });
}
