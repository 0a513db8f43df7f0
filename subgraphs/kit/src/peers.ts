import type { Domain } from '@mcp-portal/schema';

/**
 * Where the other subgraphs of this deployment answer (their base URL, without /graphql). Read when
 * needed, not at start: in one process (`npm start`, tests) they come up one after another.
 */
export interface PeerDirectory {
  urlOf(name: Domain): string | undefined;
}

/** `SUBGRAPH_<NAME>_URL` (the GraphQL URL the router also reads) gives a peer's base URL in multi-process mode. */
export function peersFromEnvironment(env: Record<string, string | undefined> = process.env): PeerDirectory {
  return {
    urlOf(name) {
      const url = env[`SUBGRAPH_${name.toUpperCase()}_URL`];
      return url ? new URL(url).origin : undefined;
    },
  };
}

/** Peers registered as they start (one process). */
export class PeerRegistry implements PeerDirectory {
  private readonly urls = new Map<Domain, string>();

  register(name: Domain, url: string): void {
    this.urls.set(name, url);
  }

  urlOf(name: Domain): string | undefined {
    return this.urls.get(name);
  }
}
