import { domains, type Domain } from '@mcp-portal/schema';
import { optionalUrl, readSettings, type Environment } from './config.ts';

/**
 * Where the other subgraphs of this deployment answer (their base URL, without /graphql). Read when
 * needed, not at start: in one process (`npm start`, tests) they come up one after another.
 */
export interface PeerDirectory {
  urlOf(name: Domain): string | undefined;
  /**
   * Whether this deployment runs that subgraph, whether or not its URL is known yet: a caller that needs it
   * waits for it (and retries) rather than going on without it.
   */
  expects(name: Domain): boolean;
}

/** The setting naming a subgraph's GraphQL URL, read by the router and by subgraphs that call a peer. */
export const subgraphUrlSetting = (name: Domain) => `SUBGRAPH_${name.toUpperCase()}_URL`;

/** `SUBGRAPH_<NAME>_URL` for every subgraph, validated like any setting. */
export const subgraphUrlSettings = Object.fromEntries(domains.map((name) => [subgraphUrlSetting(name), optionalUrl]));

/** Reads the validated `SUBGRAPH_<NAME>_URL` settings: subgraph name → GraphQL URL. */
export function readSubgraphUrls(env: Environment): Partial<Record<Domain, string>> {
  const settings = readSettings(subgraphUrlSettings, env) as Record<string, string | undefined>;
  const urls: Partial<Record<Domain, string>> = {};
  for (const name of domains) {
    const url = settings[subgraphUrlSetting(name)];
    if (url) urls[name] = url;
  }
  return urls;
}

/** Peers of a subgraph running on its own (multi-process mode): from `SUBGRAPH_<NAME>_URL`, read at start. */
export function peersFromUrls(urls: Partial<Record<Domain, string>>): PeerDirectory {
  return {
    urlOf(name) {
      const url = urls[name];
      return url ? new URL(url).origin : undefined;
    },
    expects(name) {
      return urls[name] !== undefined;
    },
  };
}

/**
 * Peers registered as they start (one process). They come up one after another, so a subgraph may look
 * for a peer that starts after it: `expected` names those to wait for (by default every subgraph, as the
 * one-process platform runs them all).
 */
export class PeerRegistry implements PeerDirectory {
  private readonly urls = new Map<Domain, string>();

  constructor(private readonly expected: readonly Domain[] = domains) {}

  register(name: Domain, url: string): void {
    this.urls.set(name, url);
  }

  urlOf(name: Domain): string | undefined {
    return this.urls.get(name);
  }

  expects(name: Domain): boolean {
    return this.urls.has(name) || this.expected.includes(name);
  }
}
