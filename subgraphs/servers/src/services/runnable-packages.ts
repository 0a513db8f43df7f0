import type { CatalogEntry } from './catalog-entry.ts';
import { isInstalledPackage } from './catalog-run.ts';

/** One package an entry made through the API may run, and the one bin of it (null: the package's default bin). */
export interface RunnablePackage {
  name: string;
  bin: string | null;
}

export class RunnablePackagesSettingError extends Error {}

const packagePattern = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** `MCP_RUNNABLE_PACKAGES`: comma-separated `package` or `package:bin`, e.g. `@acme/mcp-notes:notes-mcp,mcp-weather`. */
export function parseRunnablePackages(setting: string | undefined): RunnablePackage[] {
  return (setting ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [name = '', bin, extra] = item.split(':');
      if (extra !== undefined || !packagePattern.test(name) || (bin !== undefined && !/^[A-Za-z0-9._@/-]+$/.test(bin))) {
        throw new RunnablePackagesSettingError(`"${item}" is not a package or package:bin`);
      }
      return { name, bin: bin ?? null };
    });
}

/**
 * The admin's allow-list of npm packages that entries made or imported through the API may run: those the
 * bundled catalog (the deployer's file) runs, with the same bin, plus MCP_RUNNABLE_PACKAGES. Anything else in
 * node_modules (tsx, npm itself, a build tool) can run arbitrary code and is never runnable from the API.
 */
export class RunnablePackages {
  private readonly byName = new Map<string, string | null>();
  /** Packages found installed once: every stored entry is checked on every catalog read, without a file lookup each time. */
  private readonly foundInstalled = new Set<string>();

  constructor(
    packages: readonly RunnablePackage[],
    private readonly installed: (name: string) => boolean = isInstalledPackage,
  ) {
    for (const { name, bin } of packages) if (!this.byName.has(name)) this.byName.set(name, bin);
  }

  static from(bundled: readonly CatalogEntry[], extra: readonly RunnablePackage[]): RunnablePackages {
    const fromCatalog = bundled.flatMap((entry) => (entry.run?.package ? [{ name: entry.run.package, bin: entry.run.bin }] : []));
    return new RunnablePackages([...fromCatalog, ...extra]);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** Why an API entry may not run `bin` of `name`, or null when it may. */
  problem(name: string, bin: string | null): string | null {
    if (!this.byName.has(name)) {
      return `${name} is not on the list of runnable packages (${this.names().join(', ') || 'none'}); an admin adds packages with MCP_RUNNABLE_PACKAGES`;
    }
    const allowedBin = this.byName.get(name) ?? null;
    if (bin !== null && bin !== allowedBin) {
      return `only ${allowedBin ? `the bin ${allowedBin}` : 'the default bin'} of ${name} may run (MCP_RUNNABLE_PACKAGES=${name}:${bin} allows another)`;
    }
    if (this.foundInstalled.has(name)) return null;
    if (!this.installed(name)) return `${name} is not installed with the servers subgraph (npm install -w @mcp-portal/servers ${name})`;
    this.foundInstalled.add(name);
    return null;
  }
}
