import { readFile } from 'node:fs/promises';
import { Args, Flags } from '@oclif/core';
import { importCatalogMutation } from '../../lib/operations.ts';
import { PortalCommand } from '../../lib/base-command.ts';
import { PortalError } from '../../lib/errors.ts';

export default class CatalogImport extends PortalCommand {
  static override summary = "Import a catalog in Docker's format (operator or admin).";
  static override description =
    'Imports the MCP servers of a catalog file (YAML, the `registry:` format of docker/mcp-gateway) or of an http(s) URL, which the ' +
    'router fetches. Entries replace custom entries of the same name and override bundled ones. A bad entry is skipped whole and ' +
    'printed as `<source>:<line>:<column>: <field>: <problem>`; the others are imported.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> ./catalog.yaml',
    '<%= config.bin %> <%= command.id %> https://example.com/mcp/catalog.yaml --json',
  ];

  static override args = {
    source: Args.string({ description: 'A catalog file, or an http(s) URL of one.', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print {imported, entries, replaced, skipped} as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CatalogImport);
    const settings = await this.settings(flags.url);
    const isUrl = /^https?:\/\//i.test(args.source);
    const variables = isUrl ? { url: args.source } : { yaml: await readCatalogFile(args.source) };
    const { importCatalog: report } = await this.authenticatedRequest(settings, importCatalogMutation, variables);
    if (flags.json) return this.printJson(report);
    const names = report.entries.map((entry) => entry.name).join(', ');
    this.log(`Imported ${report.imported} ${report.imported === 1 ? 'entry' : 'entries'}${names ? `: ${names}` : ''}`);
    if (report.replaced.length > 0) this.log(`Replacing entries of the same name: ${report.replaced.join(', ')}`);
    if (report.skipped.length > 0) this.log(`Skipped ${report.skipped.length} ${report.skipped.length === 1 ? 'entry' : 'entries'}:`);
    for (const skip of report.skipped) this.log(`${args.source}:${skip.line}:${skip.column}: ${skip.path}: ${skip.message}`);
  }
}

async function readCatalogFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PortalError(`Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}.`, { cause: error });
  }
}
