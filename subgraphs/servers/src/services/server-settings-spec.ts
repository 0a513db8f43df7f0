import type { ServerSettingsSpec } from '@mcp-portal/schema';
import type { CatalogEntry } from './catalog-entry.ts';
import { templateKeys } from './lifecycle/launch-plan.ts';

/** What an entry asks of a server's settings, for the config subgraph to check them against (no values). */
export function serverSettingsSpec(name: string, entry: CatalogEntry | null): ServerSettingsSpec {
  if (!entry) return { entry: name, configSchema: null, secrets: [], templateKeys: [] };
  const texts = [
    ...entry.env.map((variable) => variable.value),
    ...entry.command,
    ...(entry.run?.args ?? []),
    ...(entry.run?.env.map((variable) => variable.value) ?? []),
  ];
  return { entry: name, configSchema: entry.configSchema, secrets: entry.secretNames, templateKeys: templateKeys(texts) };
}
