import { readFile } from 'node:fs/promises';
import { supergraphPath } from '@mcp-portal/schema';

export class SupergraphLoadError extends Error {}

/** The composed supergraph: the checked-in schema/supergraph.graphql unless a path is given. */
export async function loadSupergraph(path: string = supergraphPath): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new SupergraphLoadError(`Cannot read the supergraph at ${path}: ${(error as Error).message}. Run \`npm run compose\`.`);
  }
}

/** Subgraph name → URL as written in the supergraph's join__Graph enum, with overrides applied. */
export function subgraphUrlsOf(supergraphSdl: string, overrides: Record<string, string>): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const match of supergraphSdl.matchAll(/@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]*)"\)/g)) {
    const [, name, url] = match;
    if (name && url !== undefined) urls[name] = overrides[name] ?? url;
  }
  return urls;
}
