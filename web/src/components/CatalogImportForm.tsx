import { useId, useRef, useState, type FormEvent } from 'react';
import type { CatalogImportReport } from '../graphql/catalog-admin-documents.ts';
import { useImportCatalog } from '../graphql/catalog-admin-hooks.ts';
import { catalogEntryPath } from '../paths.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { NavLink } from './NavLink.tsx';
import { TextAreaField } from './TextAreaField.tsx';
import { TextField } from './TextField.tsx';

type Source = 'yaml' | 'url';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The offset of a 1-based line and column in `text`, to put the caret there. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let at = 1; at < line; at += 1) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/** What an import did, as `docker mcp catalog import` prints it: each entry left out as `<source>:<line>:<column>: <field>: <problem>`. */
function ImportReport({ report, source, onShow }: { report: CatalogImportReport; source: string; onShow: ((line: number, column: number) => void) | null }) {
  const replaced = new Set(report.replaced);
  return (
    <div className="import-report" role="status" data-testid="import-report">
      <p data-testid="import-imported">
        Imported {plural(report.imported, 'entry', 'entries')}
        {report.replaced.length > 0 ? `, ${report.replaced.length} of them replacing an entry of the same name` : ''}
        {report.entries.length > 0 ? ': ' : '.'}
        {report.entries.map((entry, index) => (
          <span key={entry.name}>
            {index > 0 ? ', ' : null}
            <NavLink to={catalogEntryPath(entry.name)} className="link mono" testId={`import-entry-${entry.name}`}>
              {entry.name}
            </NavLink>
            {replaced.has(entry.name) ? <span className="muted"> (replaced)</span> : null}
          </span>
        ))}
        {report.entries.length > 0 ? '.' : null}
      </p>
      {report.skipped.length > 0 ? (
        <>
          <p data-testid="import-skipped-count">Skipped {plural(report.skipped.length, 'entry', 'entries')}, left out whole:</p>
          <ul className="plain-list import-report__skipped" data-testid="import-skipped">
            {report.skipped.map((skip) => (
              <li key={`${skip.line}:${skip.column}:${skip.path}`} data-testid={`import-skip-${skip.name ?? 'document'}`}>
                <span className="mono">
                  {source}:{skip.line}:{skip.column}: {skip.path ? `${skip.path}: ` : ''}
                </span>
                {skip.message}
                {onShow ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="button button--small button--ghost"
                      onClick={() => onShow(skip.line, skip.column)}
                      aria-label={`Show line ${skip.line}, column ${skip.column} in the YAML`}
                    >
                      Show
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/**
 * Imports a catalog in Docker's format, pasted as YAML or fetched by the platform from an http(s) URL (one of
 * the two). The good entries are imported; the report lists them, and each entry left out with its line and
 * column (for pasted YAML, Show puts the caret there).
 */
export function CatalogImportForm() {
  const { importCatalog, importing } = useImportCatalog();
  const [source, setSource] = useState<Source>('yaml');
  const [yaml, setYaml] = useState('');
  const [url, setUrl] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [result, setResult] = useState<{ report: CatalogImportReport; source: Source; from: string; text: string } | null>(null);
  const yamlArea = useRef<HTMLTextAreaElement>(null);
  const sourceName = useId();
  const titleId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (importing) return;
    setFormError(null);
    const value = source === 'yaml' ? yaml : url.trim();
    if (!value.trim()) return setFieldError(source === 'yaml' ? 'Paste the catalog’s YAML.' : 'Enter the URL of a catalog.');
    if (source === 'url' && !/^https?:\/\/\S+$/i.test(value)) return setFieldError('Enter an http or https URL, like https://example.com/catalog.yaml.');
    setFieldError(null);
    const outcome = await importCatalog(source === 'yaml' ? { yaml: value } : { url: value });
    if (!outcome.ok) {
      setResult(null);
      setFormError(outcome.error.message);
      return;
    }
    setResult({ report: outcome.value, source, from: source === 'yaml' ? 'yaml' : value, text: value });
  };

  const showInYaml = (line: number, column: number) => {
    const area = yamlArea.current;
    if (!area) return;
    const offset = offsetOf(area.value, line, column);
    area.focus();
    area.setSelectionRange(offset, offset);
  };

  return (
    <form className="form import-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={titleId} data-testid="import-form">
      <h3 className="form__title" id={titleId}>
        Import a catalog
      </h3>
      <p className="muted small">
        Docker’s MCP catalog format (<code>registry:</code>). Bad entries are left out and reported with their line; the others are imported.
      </p>
      <div className="entry-form__choice" role="radiogroup" aria-label="Import from">
        {(
          [
            ['yaml', 'Paste YAML'],
            ['url', 'From a URL'],
          ] as [Source, string][]
        ).map(([value, label]) => (
          <label className="check" key={value}>
            <input
              type="radio"
              name={sourceName}
              value={value}
              checked={source === value}
              onChange={() => {
                setSource(value);
                setFieldError(null);
              }}
              data-testid={`import-source-${value}`}
            />
            {label}
          </label>
        ))}
      </div>
      {source === 'yaml' ? (
        <TextAreaField
          ref={yamlArea}
          label="Catalog YAML"
          name="yaml"
          className="entry-form__json"
          value={yaml}
          onChange={(value) => {
            setYaml(value);
            setFieldError(null);
          }}
          error={fieldError}
          testId="import-yaml"
          rows={10}
          spellCheck={false}
          placeholder={'registry:\n  my-server:\n    image: mcp/my-server\n'}
        />
      ) : (
        <TextField
          label="Catalog URL"
          name="url"
          type="url"
          value={url}
          onChange={(value) => {
            setUrl(value);
            setFieldError(null);
          }}
          error={fieldError}
          testId="import-url"
          hint="Fetched by the platform; internal addresses are refused unless MCP_CATALOG_IMPORT_ALLOW_HOSTS lists them."
          placeholder="https://example.com/catalog.yaml"
          autoComplete="off"
        />
      )}
      <ErrorMessage message={formError} testId="import-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={importing} data-testid="import-submit">
          {importing ? 'Importing…' : 'Import'}
        </button>
      </div>
      {result ? (
        <ImportReport
          report={result.report}
          source={result.from}
          onShow={result.source === 'yaml' && source === 'yaml' && yaml === result.text ? showInYaml : null}
        />
      ) : null}
    </form>
  );
}
