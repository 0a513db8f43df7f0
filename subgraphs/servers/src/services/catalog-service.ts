import { AppError, ConflictError, NotFoundError, requireViewer, type AuditActor, type AuditLog, type Database, type Logger } from '@mcp-portal/kit';
import { catalogEntryStore, type CatalogEntryRow } from '../store/catalog-entries.ts';
import type { Catalog } from './catalog.ts';
import { decodeCatalogCursor, encodeCatalogCursor } from './catalog-cursor.ts';
import { compareNames, describeEntry, type CatalogEntry } from './catalog-entry.ts';
import { CatalogFetchError } from './catalog-fetch.ts';
import { validateEntry, type EntryPolicy } from '@mcp-portal/schema/catalog-format';
import { importOrigin, readCatalogToImport, type CatalogImportLimits, type CatalogImportSource } from './catalog-import.ts';
import { documentFromInput, type CatalogEntryInput } from './catalog-input.ts';
import type { RunnablePackages } from './runnable-packages.ts';
import type { CatalogIssue } from './catalog-yaml.ts';

export interface CatalogPage {
  entries: CatalogEntry[];
  /** Pass as `after` for the next page. */
  endCursor: string | null;
  hasNextPage: boolean;
  /** Entries matching the search, over all pages. */
  totalCount: number;
}

export interface CatalogImportReport {
  imported: number;
  entries: CatalogEntry[];
  /** The names among `entries` that replaced an entry of the same name: a custom or imported one, or a bundled one they now override. */
  replaced: string[];
  skipped: CatalogIssue[];
}

const entryTarget = (name: string) => ({ targetType: 'CatalogEntry', targetId: name });

/**
 * The catalog the API serves: the bundled entries (the catalog file) and the team's own (the table), where
 * an entry of the table overrides the bundled entry of the same name. Every change is audited.
 */
export class CatalogService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly bundled: Catalog,
    private readonly importLimits: CatalogImportLimits,
    private readonly logger: Logger,
    private readonly runnable: RunnablePackages,
  ) {}

  /** Entries from the API may only run the admin's runnable packages (see EntryPolicy). */
  private readonly apiEntryPolicy: EntryPolicy = { processes: 'runnable-packages', runnableProblem: (name, bin) => this.runnable.problem(name, bin) };

  async get(name: string): Promise<CatalogEntry | null> {
    const row = await catalogEntryStore(this.db).byName(name);
    return row ? this.describeRow(row) : this.bundled.get(name);
  }

  /**
   * The entry a server is being enabled from, inside that transaction: its row stays locked until the
   * server row is written, so that a concurrent delete either waits and sees the server, or goes first.
   */
  async getForEnable(name: string, tx: Database): Promise<CatalogEntry | null> {
    const row = await catalogEntryStore(tx).shareLockByName(name);
    return row ? this.describeRow(row) : this.bundled.get(name);
  }

  /** Entries in name order, `first` after the cursor `after`, filtered by a case-insensitive search. */
  async page(search: string | undefined, first: number, after: string | null): Promise<CatalogPage> {
    const afterName = after === null ? null : decodeCatalogCursor(after);
    const store = catalogEntryStore(this.db);
    const [rows, overridden, ownTotal] = await Promise.all([
      store.page(search, afterName, first + 1),
      store.namesAmong(this.bundled.names()),
      store.count(search),
    ]);
    const bundled = this.bundled.list(search).filter((entry) => !overridden.has(entry.name));
    const candidates = [
      ...rows.map((row) => this.describeRow(row)).filter((entry): entry is CatalogEntry => entry !== null),
      ...bundled.filter((entry) => afterName === null || compareNames(entry.name, afterName) > 0),
    ]
      .sort((a, b) => compareNames(a.name, b.name))
      .slice(0, first + 1);
    const entries = candidates.slice(0, first);
    const last = entries.at(-1);
    return {
      entries,
      endCursor: last ? encodeCatalogCursor(last.name) : null,
      hasNextPage: candidates.length > first,
      totalCount: ownTotal + bundled.length,
    };
  }

  /** A custom entry; one with the name of a bundled entry overrides it. */
  async create(name: string, input: CatalogEntryInput, actor: AuditActor): Promise<CatalogEntry> {
    const viewer = requireViewer(actor.viewer);
    const document = documentFromInput(name, input, this.apiEntryPolicy);
    const detail = { name, type: document.type, overridesBundled: this.bundled.get(name) !== null };
    const row = await this.audit.change(actor, { action: 'catalog.create', ...entryTarget(name), detail }, async (tx) => {
      const inserted = await catalogEntryStore(tx).insert({ name, entry: document, source: 'custom', createdBy: viewer.userId });
      if (!inserted) throw new ConflictError(`There is already a custom catalog entry named "${name}": update it instead.`);
      return inserted;
    });
    return this.describeWritten(row);
  }

  /** Replaces a custom (or imported) entry as a whole; it becomes a custom one. */
  async update(name: string, input: CatalogEntryInput, actor: AuditActor): Promise<CatalogEntry> {
    requireViewer(actor.viewer);
    const document = documentFromInput(name, input, this.apiEntryPolicy);
    const row = await this.audit.change(actor, { action: 'catalog.update', ...entryTarget(name), detail: { name, type: document.type } }, async (tx) => {
      const updated = await catalogEntryStore(tx).replace(name, document);
      if (!updated) throw this.notCustom(name);
      return updated;
    });
    return this.describeWritten(row);
  }

  /** Deletes a custom (or imported) entry and returns it as it was; a bundled entry it overrode comes back. */
  async delete(name: string, actor: AuditActor): Promise<CatalogEntry> {
    requireViewer(actor.viewer);
    const row = await this.audit.change(actor, { action: 'catalog.delete', ...entryTarget(name), detail: { name } }, async (tx) => {
      const store = catalogEntryStore(tx);
      const existing = await store.lockByName(name);
      if (!existing) throw this.notCustom(name);
      if (await store.isEnabled(name)) throw new ConflictError(`The catalog entry "${name}" is enabled as a server: disable the server first.`);
      await store.delete(name);
      return existing;
    });
    return this.describeWritten(row);
  }

  /**
   * Imports a catalog in Docker's format: every valid entry is written (replacing an entry of the same
   * name), every invalid one is left out whole and reported with its line and column.
   */
  async import(source: CatalogImportSource, actor: AuditActor): Promise<CatalogImportReport> {
    const viewer = requireViewer(actor.viewer);
    const base = { action: 'catalog.import', targetType: 'Catalog', targetId: null };
    let parsed;
    try {
      parsed = await readCatalogToImport(source, this.importLimits, this.apiEntryPolicy);
    } catch (error) {
      if (error instanceof CatalogFetchError)
        this.logger.info({ source: importOrigin(source), reason: error.reason }, 'a catalog import could not fetch its URL');
      if (error instanceof AppError) {
        await this.audit.record(actor, { ...base, detail: { source: importOrigin(source), code: error.code, message: error.message } }, 'failure');
      }
      throw error;
    }
    const { entries, skipped } = parsed;
    const detail = {
      source: importOrigin(source),
      imported: entries.map((entry) => entry.name),
      skipped: skipped.map(({ name, line, column, path }) => ({ name, line, column, path })),
    };
    const { rows, stored } = await this.audit.change(actor, { ...base, detail }, async (tx) => {
      const store = catalogEntryStore(tx);
      const names = entries.map((entry) => entry.name);
      const storedBefore = await store.namesAmong(names);
      const upserted = await store.upsertImported(entries.map(({ name, document }) => ({ name, entry: document, source: 'import', createdBy: viewer.userId })));
      return { rows: upserted, stored: storedBefore };
    });
    // A few at a time: an import may write thousands of entries, and the process keeps answering meanwhile.
    const written: CatalogEntry[] = [];
    for (const row of rows) {
      written.push(this.describeWritten(row));
      if (written.length % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const replaced = written.map((entry) => entry.name).filter((name) => stored.has(name) || this.bundled.get(name) !== null);
    return { imported: rows.length, entries: written, replaced, skipped };
  }

  private notCustom(name: string): NotFoundError {
    return this.bundled.get(name)
      ? new NotFoundError(`"${name}" is a bundled catalog entry (from the catalog file): create a custom entry of that name to override it.`)
      : new NotFoundError(`There is no custom catalog entry named "${name}".`);
  }

  /**
   * A stored entry, held to the rules of the API that wrote it (an entry stored before a rule existed, or
   * before an admin took its package off the list, is no longer served): one that does not pass is left
   * out (and logged), not served half-valid.
   */
  private describeRow(row: CatalogEntryRow): CatalogEntry | null {
    const result = validateEntry(row.name, row.entry, this.apiEntryPolicy);
    if (result.ok) return describeEntry(row.name, result.document, row.source === 'import' ? 'imported' : 'custom');
    this.logger.warn({ name: row.name, problems: result.problems }, 'a stored catalog entry is not valid any more; it is left out');
    return null;
  }

  /** A row this service has just validated and written. */
  private describeWritten(row: CatalogEntryRow): CatalogEntry {
    const entry = this.describeRow(row);
    if (!entry) throw new Error(`The catalog entry "${row.name}" was written but does not read back.`);
    return entry;
  }
}
