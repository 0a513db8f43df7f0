import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CatalogEntryType } from '../gql/graphql.ts';
import type { CatalogAdminError } from '../graphql/catalog-admin-hooks.ts';
import type { CatalogEntryInput } from '../graphql/catalog-admin-documents.ts';
import {
  apiErrorField,
  checkEntryForm,
  fieldKeys,
  type EntryFormErrors,
  type EntryFormState,
  type EnvRow,
  type ProviderRow,
  type RunsAs,
  type SecretRow,
  type ToolRow,
} from '../catalog-entry-form.ts';
import { EditableRows } from './EditableRows.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { FieldError } from './FieldError.tsx';
import { TextAreaField } from './TextAreaField.tsx';
import { TextField } from './TextField.tsx';

export interface CatalogEntryFormProps {
  /** `create` asks for the name; `edit` keeps it (an update replaces the entry of that name). */
  mode: 'create' | 'edit';
  initial: EntryFormState;
  submitting: boolean;
  /** Sends the checked entry; the API's refusal comes back to be shown where it belongs. */
  onSubmit(name: string, input: CatalogEntryInput): Promise<CatalogAdminError | null>;
  onCancel?(): void;
}

/** `secrets[0].env` → `entry-field-secrets-0-env`: the test id of a field's input (its error is `<id>-error`). */
export const entryFieldTestId = (key: string) => `entry-field-${key.replace(/[[\].]+/g, '-').replace(/-$/, '')}`;

const transports = [
  { value: '', label: 'Not given (streamable-http)' },
  { value: 'streamable-http', label: 'streamable-http' },
  { value: 'sse', label: 'sse' },
];

/**
 * A catalog entry, in sections that follow the catalog format: type, how it runs (image or npm package, with
 * arguments and variables), the remote URL and transport, run options, secrets, environment, configuration
 * schema (JSON), tools, OAuth and metadata. Lists get Add / Remove rows. It is checked with the API's own rules
 * (the shared catalog format) before anything is sent; every problem, the API's included, shows under the
 * field it names, and the first invalid input gets the focus.
 */
export function CatalogEntryForm({ mode, initial, submitting, onSubmit, onCancel }: CatalogEntryFormProps) {
  const [state, setState] = useState<EntryFormState>(initial);
  const [errors, setErrors] = useState<EntryFormErrors>({});
  const [focusRequest, setFocusRequest] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const titleId = useId();
  const runsAsName = useId();

  useEffect(() => {
    if (focusRequest === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  /** Changes part of the state and forgets the problems of the fields it touched. */
  const change = (patch: Partial<EntryFormState>, ...keys: string[]) => {
    setState((current) => ({ ...current, ...patch }));
    if (keys.length > 0 && keys.some((key) => Object.keys(errors).some((field) => field === key || field.startsWith(key))))
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !keys.some((key) => field === key || field.startsWith(key)))));
  };

  type TextKey = { [K in keyof EntryFormState]: EntryFormState[K] extends string ? K : never }[keyof EntryFormState];
  /** A text input of the state's `key`, whose problems are those of the API's `path` (the same name but for run.*). */
  const text = (key: TextKey, label: string, extra: { hint?: string; placeholder?: string; required?: boolean; path?: string } = {}) => {
    const path = extra.path ?? key;
    return (
      <TextField
        label={label}
        name={key}
        value={state[key]}
        onChange={(value) => change({ [key]: value }, path)}
        error={errors[path]}
        testId={entryFieldTestId(path)}
        hint={extra.hint}
        placeholder={extra.placeholder}
        aria-required={extra.required || undefined}
        autoComplete="off"
        spellCheck={false}
      />
    );
  };

  /** An input of a row of a list: its key is the API's path, e.g. `secrets[1].env`. */
  const rowText = <Row,>(list: string, index: number, row: Row, field: keyof Row & string, label: string, set: (row: Row) => void) => {
    const key = `${list}[${index}].${field}`;
    return (
      <TextField
        label={label}
        value={row[field] as string}
        onChange={(value) => {
          set({ ...row, [field]: value });
          change({}, key);
        }}
        error={errors[key]}
        testId={entryFieldTestId(key)}
        autoComplete="off"
        spellCheck={false}
      />
    );
  };

  const itemText = (path: string, label: string) => (row: string, index: number, set: (row: string) => void) => {
    const key = `${path}[${index}]`;
    return (
      <TextField
        label={`${label} ${index + 1}`}
        value={row}
        onChange={(value) => {
          set(value);
          change({}, key, path);
        }}
        error={errors[key]}
        testId={entryFieldTestId(key)}
        autoComplete="off"
        spellCheck={false}
      />
    );
  };

  const envRows = (path: string) => (row: EnvRow, index: number, set: (row: EnvRow) => void) => (
    <>
      {rowText(path, index, row, 'name', 'Variable', set)}
      {rowText(path, index, row, 'value', 'Value', set)}
    </>
  );

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const checked = checkEntryForm(state);
    if (!checked.ok) {
      setErrors(checked.errors);
      setFocusRequest((n) => n + 1);
      return;
    }
    setErrors({});
    const refusal = await onSubmit(checked.name, checked.input);
    if (!refusal) return;
    setErrors({ [apiErrorField(refusal.message, refusal.code, state)]: refusal.message });
    setFocusRequest((n) => n + 1);
  };

  const known = new Set(fieldKeys(state));
  const unplaced = Object.entries(errors)
    .filter(([key]) => !known.has(key) || (key === 'name' && mode === 'edit'))
    .map(([, message]) => message);
  const isServer = state.type !== 'REMOTE';

  return (
    <form ref={form} className="form entry-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={titleId} data-testid={`entry-form-${mode}`}>
      <h3 className="form__title" id={titleId}>
        {mode === 'create' ? 'A new catalog entry' : `Edit ${state.name}`}
      </h3>
      <p className="muted small entry-form__intro">
        Checked with the same rules as the API before it is sent. {mode === 'edit' ? 'Saving replaces the whole entry.' : ''}
      </p>

      <fieldset className="config-group">
        <legend>Entry</legend>
        <div className="form__grid">
          {mode === 'create'
            ? text('name', 'Name', { hint: 'Lower-case letters, digits, ".", "_" and "-"; at most 63 characters.', placeholder: 'my-server', required: true })
            : null}
          <label className="field">
            <span>Type</span>
            <select
              name="type"
              value={state.type}
              onChange={(e) => change({ type: e.target.value as CatalogEntryType }, 'type', 'image', 'run', 'remote', '')}
              aria-invalid={errors.type ? true : undefined}
              aria-describedby={errors.type ? 'entry-field-type-error' : undefined}
              data-testid="entry-field-type"
            >
              <option value="SERVER">Server (runs here)</option>
              <option value="REMOTE">Remote (reached at a URL)</option>
              {state.type === 'POCI' ? <option value="POCI">POCI</option> : null}
            </select>
            <FieldError id="entry-field-type-error" message={errors.type} />
          </label>
        </div>
      </fieldset>

      {isServer ? (
        <fieldset className="config-group">
          <legend>How it runs</legend>
          <div className="entry-form__choice" role="radiogroup" aria-label="Runs as">
            {(
              [
                ['image', 'A container image'],
                ['package', 'An npm package, as a local process'],
              ] as [RunsAs, string][]
            ).map(([value, label]) => (
              <label className="check" key={value}>
                <input
                  type="radio"
                  name={runsAsName}
                  value={value}
                  checked={state.runsAs === value}
                  onChange={() => change({ runsAs: value }, 'image', 'run', '')}
                  data-testid={`entry-field-runs-as-${value}`}
                />
                {label}
              </label>
            ))}
          </div>
          {state.runsAs === 'image' ? (
            <>
              {text('image', 'Image', { placeholder: 'mcp/example:latest', required: true })}
              <EditableRows
                legend="Image arguments (command)"
                itemName="argument"
                rows={state.command}
                onChange={(command) => change({ command }, 'command')}
                blank=""
                testId="entry-field-command"
                error={errors.command}
                renderRow={itemText('command', 'Argument')}
              />
            </>
          ) : (
            <>
              <div className="form__grid">
                {text('runPackage', 'npm package', { placeholder: '@scope/server', required: true, path: 'run.package' })}
                {text('runBin', 'Bin script (optional)', { hint: 'When the package has several.', path: 'run.bin' })}
              </div>
              <EditableRows
                legend="Arguments"
                itemName="argument"
                rows={state.runArgs}
                onChange={(runArgs) => change({ runArgs }, 'run.args')}
                blank=""
                testId="entry-field-run-args"
                error={errors['run.args']}
                renderRow={itemText('run.args', 'Argument')}
              />
              <EditableRows
                legend="Variables of the process"
                itemName="variable"
                rows={state.runEnv}
                onChange={(runEnv) => change({ runEnv }, 'run.env')}
                blank={{ name: '', value: '' }}
                testId="entry-field-run-env"
                error={errors['run.env']}
                renderRow={envRows('run.env')}
              />
            </>
          )}
        </fieldset>
      ) : (
        <fieldset className="config-group">
          <legend>Remote server</legend>
          <div className="form__grid">
            <TextField
              label="URL"
              name="remoteUrl"
              type="url"
              value={state.remoteUrl}
              onChange={(remoteUrl) => change({ remoteUrl }, 'remote')}
              error={errors['remote.url']}
              testId={entryFieldTestId('remote.url')}
              placeholder="https://mcp.example.com/mcp"
              aria-required
              autoComplete="off"
            />
            <label className="field">
              <span>Transport</span>
              <select
                name="remoteTransport"
                value={state.remoteTransport}
                onChange={(e) => change({ remoteTransport: e.target.value }, 'remote.transportType')}
                aria-invalid={errors['remote.transportType'] ? true : undefined}
                aria-describedby={errors['remote.transportType'] ? 'entry-field-remote-transportType-error' : undefined}
                data-testid="entry-field-remote-transportType"
              >
                {transports.map((transport) => (
                  <option key={transport.value} value={transport.value}>
                    {transport.label}
                  </option>
                ))}
                {transports.some((t) => t.value === state.remoteTransport) ? null : <option value={state.remoteTransport}>{state.remoteTransport}</option>}
              </select>
              <FieldError id="entry-field-remote-transportType-error" message={errors['remote.transportType']} />
            </label>
          </div>
        </fieldset>
      )}

      <fieldset className="config-group">
        <legend>Run options</legend>
        <div className="form__grid">
          <div className="field field--check">
            <label className="check">
              <input
                type="checkbox"
                name="disableNetwork"
                checked={state.disableNetwork}
                onChange={(e) => change({ disableNetwork: e.target.checked }, 'disableNetwork')}
                data-testid="entry-field-disableNetwork"
              />
              No network access
            </label>
            <FieldError id="entry-field-disableNetwork-error" message={errors.disableNetwork} />
          </div>
          {text('allowHosts', 'Hosts it may reach', { hint: 'Comma-separated, e.g. api.github.com; * for any host.' })}
        </div>
      </fieldset>

      <EditableRows
        legend="Environment variables"
        itemName="variable"
        hint="Given to the server as they are; never put a secret here (declare it under Secrets)."
        rows={state.env}
        onChange={(env) => change({ env }, 'env')}
        blank={{ name: '', value: '' }}
        testId="entry-field-env"
        error={errors.env}
        renderRow={envRows('env')}
      />

      <EditableRows<SecretRow>
        legend="Secrets"
        itemName="secret"
        hint="Set on each server after enabling; the catalog holds no value."
        rows={state.secrets}
        onChange={(secrets) => change({ secrets }, 'secrets')}
        blank={{ name: '', env: '', description: '', example: '' }}
        testId="entry-field-secrets"
        error={errors.secrets}
        renderRow={(row, index, set) => (
          <>
            {rowText('secrets', index, row, 'name', 'Name', set)}
            {rowText('secrets', index, row, 'env', 'Environment variable', set)}
            {rowText('secrets', index, row, 'description', 'Description', set)}
            {rowText('secrets', index, row, 'example', 'Example', set)}
          </>
        )}
      />

      <fieldset className="config-group">
        <legend>Configuration</legend>
        <TextAreaField
          label="Configuration schema (JSON)"
          name="configSchema"
          className="entry-form__json"
          value={state.configSchema}
          onChange={(configSchema) => change({ configSchema }, 'configSchema')}
          error={errors.configSchema}
          testId={entryFieldTestId('configSchema')}
          hint='A JSON Schema object, e.g. {"type": "object", "properties": {"root": {"type": "string"}}}, or a list of them; empty for none.'
          rows={6}
          spellCheck={false}
        />
      </fieldset>

      <EditableRows<ToolRow>
        legend="Tools"
        itemName="tool"
        hint="The tools it declares; a running server lists its own."
        rows={state.tools}
        onChange={(tools) => change({ tools }, 'tools')}
        blank={{ name: '', description: '' }}
        testId="entry-field-tools"
        error={errors.tools}
        renderRow={(row, index, set) => (
          <>
            {rowText('tools', index, row, 'name', 'Name', set)}
            {rowText('tools', index, row, 'description', 'Description', set)}
          </>
        )}
      />

      <fieldset className="config-group">
        <legend>OAuth</legend>
        <EditableRows<ProviderRow>
          legend="Providers"
          itemName="provider"
          rows={state.oauthProviders}
          onChange={(oauthProviders) => change({ oauthProviders }, 'oauth')}
          blank={{ provider: '', secret: '', env: '' }}
          testId="entry-field-oauth-providers"
          error={errors['oauth.providers']}
          renderRow={(row, index, set) => (
            <>
              {rowText('oauth.providers', index, row, 'provider', 'Provider', set)}
              {rowText('oauth.providers', index, row, 'secret', 'Secret', set)}
              {rowText('oauth.providers', index, row, 'env', 'Environment variable', set)}
            </>
          )}
        />
        <TextField
          label="Scopes"
          name="oauthScopes"
          value={state.oauthScopes}
          onChange={(oauthScopes) => change({ oauthScopes }, 'oauth.scopes')}
          error={errors['oauth.scopes']}
          testId={entryFieldTestId('oauth.scopes')}
          hint="Comma-separated."
          autoComplete="off"
        />
      </fieldset>

      <fieldset className="config-group">
        <legend>Metadata</legend>
        <div className="form__grid">
          {text('title', 'Title', { hint: 'The name when left empty.' })}
          {text('category', 'Category')}
          {text('tags', 'Tags', { hint: 'Comma-separated.' })}
          {text('license', 'License')}
          {text('icon', 'Icon URL')}
        </div>
        <TextAreaField
          label="Description"
          name="description"
          value={state.description}
          onChange={(description) => change({ description }, 'description')}
          error={errors.description}
          testId={entryFieldTestId('description')}
          rows={3}
        />
        <TextAreaField
          label="Readme"
          name="readme"
          value={state.readme}
          onChange={(readme) => change({ readme }, 'readme')}
          error={errors.readme}
          testId={entryFieldTestId('readme')}
          hint="A link to the server's documentation, or a short text."
          rows={3}
        />
      </fieldset>

      <ErrorMessage message={unplaced.join(' ') || null} testId={`entry-form-${mode}-error`} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submitting} data-testid={`entry-form-${mode}-submit`}>
          {mode === 'create' ? (submitting ? 'Creating…' : 'Create entry') : submitting ? 'Saving…' : 'Save changes'}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel} disabled={submitting} data-testid={`entry-form-${mode}-cancel`}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
