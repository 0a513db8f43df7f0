import { Flags } from '@oclif/core';
import { maxCatalogPageSize } from '@mcp-portal/schema/contract';
import { catalogQuery, type CatalogEntryListItem, type CatalogRequirementKind, type CatalogQuery, type CatalogQueryVariables } from '../../lib/operations.ts';
import { PortalCommand } from '../../lib/base-command.ts';
import { graphqlRequest, withLoginHint } from '../../lib/client.ts';
import { formatTable } from '../../lib/format.ts';

const requirementLabels: Record<CatalogRequirementKind, string> = {
  CONTAINER_ENGINE: 'container engine',
  PROGRAM: 'program',
  NETWORK: 'network',
  SECRET: 'secret',
  CONFIG: 'config',
  OAUTH: 'oauth',
};

/** `process`, `docker` or `remote` when the platform can run it now, else `no` (`catalog show` says why). */
const runsHere = (entry: CatalogEntryListItem) => (entry.runnability.canRun && entry.runnability.runtime ? entry.runnability.runtime.toLowerCase() : 'no');

/** The kinds of what it needs, each once: `network, secret`. */
const needs = (entry: CatalogEntryListItem) => [...new Set(entry.requirements.map((r) => requirementLabels[r.kind]))].join(', ') || '-';

export default class CatalogLs extends PortalCommand {
  static override summary = 'List the MCP servers of the catalog.';
  static override description =
    'Lists every catalog entry in name order: the bundled ones and those your team made or imported (SOURCE), whether the platform can run it now and how (RUNS HERE: process, docker, remote or no), and what it needs (NEEDS: container engine, program, network, secret, config, oauth; `catalog show` gives the details). No login needed.';
  static override hiddenAliases = ['catalog:list'];
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --search github --json'];

  static override flags = {
    search: Flags.string({ summary: 'Only entries whose name, title, description or tags contain this text (any case).', helpValue: '<text>' }),
    json: Flags.boolean({ summary: 'Print a JSON array of entries.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(CatalogLs);
    const settings = await this.settings(flags.url);
    const entries: CatalogEntryListItem[] = [];
    let after: string | null = null;
    for (;;) {
      const variables: CatalogQueryVariables = { search: flags.search ?? null, first: maxCatalogPageSize, after };
      // The catalog is public: the token goes along when there is one, and no login is needed.
      const { catalog: page }: CatalogQuery = await graphqlRequest({ url: settings.url, token: settings.token }, catalogQuery, variables).catch(
        (error: unknown) => Promise.reject(withLoginHint(error)),
      );
      entries.push(...page.entries);
      if (!page.hasNextPage || !page.endCursor) break;
      after = page.endCursor;
    }
    if (flags.json) this.printJson(entries);
    else {
      const rows = entries.map((e) => [e.name, e.type, e.source, e.category ?? '-', runsHere(e), needs(e), e.title]);
      this.log(formatTable(['NAME', 'TYPE', 'SOURCE', 'CATEGORY', 'RUNS HERE', 'NEEDS', 'TITLE'], rows));
    }
  }
}
