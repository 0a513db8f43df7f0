import { z } from 'zod';
import type { InternalRequestKey } from '@mcp-portal/kit';
import { knownSecretsPath } from '@mcp-portal/schema';
import type { KnownSecret } from './known-secrets.ts';

const answerSchema = z.object({ secrets: z.array(z.object({ serverId: z.string(), name: z.string(), value: z.string() })) });

/**
 * The platform's secret values for a gateway-proxy on its own: read from the config subgraph's signed
 * internal endpoint (`configUrl`'s origin; the same channel and key the servers subgraph reads a server's
 * launch configuration through), named `<server>.<secret>` with the names `serverNames` knows (the running
 * servers; another server's secret is named by its id). The proxy caches them and reads them again after
 * secretsChanged (secret-guard.ts); a failure is thrown, so the call it was for is refused, never passed
 * unchecked. Values are never logged.
 */
export function remoteKnownSecrets(
  configUrl: string,
  key: InternalRequestKey,
  serverNames: () => Promise<readonly { id: string; name: string }[]>,
): () => Promise<readonly KnownSecret[]> {
  const url = new URL(knownSecretsPath, new URL(configUrl).origin);
  return async () => {
    const [answer, servers] = await Promise.all([key.getJson(url), serverNames().catch(() => [])]);
    const parsed = answerSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success) throw new Error(`The config subgraph answered ${answer.status} when asked for the servers' secret values.`);
    const nameOf = new Map(servers.map((server) => [server.id, server.name]));
    return parsed.data.secrets.map((secret) => ({ label: `${nameOf.get(secret.serverId) ?? secret.serverId}.${secret.name}`, value: secret.value }));
  };
}
