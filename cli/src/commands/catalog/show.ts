import { Args, Flags } from '@oclif/core';
import { catalogEntryQuery, type CatalogEntryView } from '../../lib/operations.ts';
import { PortalCommand } from '../../lib/base-command.ts';
import { graphqlRequest, withLoginHint } from '../../lib/client.ts';
import { PortalError } from '../../lib/errors.ts';

const runtimeNames = { DOCKER: 'a container', PROCESS: 'a local process', REMOTE: 'a remote server (no runtime)' } as const;

/** `yes, as a local process` or `no: <why and what to do>`. */
function runsHere({ runnability }: CatalogEntryView): string {
  if (runnability.canRun) return runnability.runtime ? `yes, as ${runtimeNames[runnability.runtime]}` : 'yes';
  return `no: ${runnability.reason ?? 'the platform cannot run it'}`;
}

/** `label: value` lines for what an entry has; empty fields are left out, a list value takes a line per item. */
function describe(entry: CatalogEntryView): string {
  const lines: [string, string | string[] | null][] = [
    ['Name', entry.name],
    ['Title', entry.title],
    ['Type', `${entry.type} (${entry.source.toLowerCase()})`],
    ['Description', entry.description || null],
    ['Runs here', runsHere(entry)],
    ['Needs', entry.requirements.length ? entry.requirements.map((r) => r.detail) : null],
    ['Image', entry.image ? [entry.image, ...entry.command].join(' ') : null],
    [
      'Run',
      entry.run
        ? [
            entry.run.package ? `${entry.run.command} ${entry.run.package}${entry.run.bin ? ` (${entry.run.bin})` : ''}` : entry.run.command,
            ...entry.run.args,
          ].join(' ')
        : null,
    ],
    ['Run env', entry.run?.env.length ? entry.run.env.map((v) => `${v.name}=${v.value}`).join(' ') : null],
    ['Remote', entry.remoteUrl ? `${entry.remoteUrl}${entry.remoteTransport ? ` (${entry.remoteTransport})` : ''}` : null],
    ['Tools', entry.tools.join(', ') || null],
    ['Secrets', entry.secrets.map((s) => `${s.name} -> $${s.env}`).join(', ') || null],
    ['Env', entry.env.map((v) => `${v.name}=${v.value}`).join(' ') || null],
    ['Network', entry.disableNetwork ? 'none' : entry.allowHosts.length ? `only ${entry.allowHosts.join(', ')}` : null],
    [
      'OAuth',
      entry.oauth
        ? entry.oauth.providers.map((p) => p.provider).join(', ') + (entry.oauth.scopes.length ? ` (scopes: ${entry.oauth.scopes.join(' ')})` : '')
        : null,
    ],
    ['Config', entry.configSchema ? JSON.stringify(entry.configSchema) : null],
    ['Category', entry.category],
    ['Tags', entry.tags.join(', ') || null],
    ['License', entry.license],
    ['Readme', entry.readme],
  ];
  const present = lines.filter((line): line is [string, string | string[]] => line[1] !== null);
  const width = Math.max(...present.map(([label]) => label.length)) + 2;
  const text = (value: string | string[]) => (Array.isArray(value) ? value.join(`\n${' '.repeat(width)}`) : value);
  return present.map(([label, value]) => `${`${label}:`.padEnd(width)}${text(value)}`).join('\n');
}

export default class CatalogShow extends PortalCommand {
  static override summary = 'Show one catalog entry.';
  static override description =
    'Shows what the catalog says about a server: whether the platform can run it now (and why not), what it needs, how it runs, its tools, secrets, network and configuration. No login needed.';
  static override examples = ['<%= config.bin %> <%= command.id %> github', '<%= config.bin %> <%= command.id %> memory --json'];

  static override args = {
    name: Args.string({ description: 'Catalog name of the server, e.g. github.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the entry as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CatalogShow);
    const settings = await this.settings(flags.url);
    const { catalogEntry: entry } = await graphqlRequest({ url: settings.url, token: settings.token }, catalogEntryQuery, {
      name: args.name,
    }).catch((error: unknown) => Promise.reject(withLoginHint(error)));
    if (!entry) throw new PortalError(`There is no catalog entry named "${args.name}": see \`docker mcp catalog ls\`.`, { code: 'NOT_FOUND' });
    if (flags.json) this.printJson(entry);
    else this.log(describe(entry));
  }
}
