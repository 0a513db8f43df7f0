import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CatalogEntryData } from '../graphql/servers-documents.ts';
import { collectConfig, configGroups, initialValues, type ConfigFieldValue } from '../config-schema.ts';
import { useEnableServerWithConfig, type ServerListItem, type SecretEntry } from '../graphql/servers-hooks.ts';
import { enableRefusalErrors, secretNeededToStartMessage, secretValueError } from '../server-settings.ts';
import { ConfigGroupFields } from './ConfigGroupFields.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { SecretInput } from './SecretInput.tsx';

export interface EnableServerFormProps {
  entry: CatalogEntryData;
  onEnabled(server: ServerListItem): void;
}

const withoutKey = (current: Record<string, string>, key: string) => {
  if (!(key in current)) return current;
  const next = { ...current };
  delete next[key];
  return next;
};

/**
 * Enables a catalog entry, with the configuration form its `configSchema` describes and a write-only
 * input per secret it declares, in one `enableServer` call. Values are checked here first (required
 * fields, numbers, JSON, the secrets a start needs); the API's refusal (which enables and stores nothing)
 * names its problems in the error's extensions, shown next to the field each is about, or above the
 * button. Secret values are read from their inputs when the form is sent and never kept in state.
 */
export function EnableServerForm({ entry, onEnabled }: EnableServerFormProps) {
  const groups = useMemo(() => configGroups(entry.configSchema), [entry.configSchema]);
  const [values, setValues] = useState<Record<string, ConfigFieldValue>>(() => initialValues(groups));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [secretErrors, setSecretErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [start, setStart] = useState(true);
  const { enable, submitting } = useEnableServerWithConfig();
  const form = useRef<HTMLFormElement>(null);
  const secretInputs = useRef(new Map<string, HTMLInputElement>());
  const [focusRequest, setFocusRequest] = useState(0);
  // A remote server is reached over the network: the lifecycle passes it no environment.
  const secretsNeededToStart = start && !entry.remoteUrl;

  useEffect(() => {
    if (focusRequest === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const setValue = (key: string, value: ConfigFieldValue) => {
    setValues((current) => ({ ...current, [key]: value }));
    setFieldErrors((current) => withoutKey(current, key));
  };

  /** The secrets typed in, checked; values are read from the inputs here and handed straight on. */
  const collectSecrets = (): { entries: SecretEntry[]; errors: Record<string, string> } => {
    const entries: SecretEntry[] = [];
    const errors: Record<string, string> = {};
    for (const secret of entry.secrets) {
      const value = secretInputs.current.get(secret.name)?.value ?? '';
      if (value.length === 0) {
        if (secretsNeededToStart) errors[secret.name] = secretNeededToStartMessage;
        continue;
      }
      const problem = secretValueError(value);
      if (problem) errors[secret.name] = problem;
      else entries.push({ name: secret.name, value });
    }
    return { entries, errors };
  };

  const clearSecretInputs = (names: Iterable<string>) => {
    for (const name of names) {
      const input = secretInputs.current.get(name);
      if (input) input.value = '';
    }
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setFormError(null);
    const collected = collectConfig(groups, values);
    const secrets = collectSecrets();
    setFieldErrors(collected.errors);
    setSecretErrors(secrets.errors);
    if (Object.keys(collected.errors).length > 0 || Object.keys(secrets.errors).length > 0) {
      setFocusRequest((n) => n + 1);
      return;
    }
    const outcome = await enable(entry.name, collected.entries, secrets.entries, start);
    if (outcome.ok) {
      clearSecretInputs(entry.secrets.map((s) => s.name));
      onEnabled(outcome.server);
      return;
    }
    if (!outcome.refusal) {
      setFormError(outcome.formError);
      return;
    }
    const shown = enableRefusalErrors(outcome.refusal, {
      configKeys: new Set(groups.flatMap((group) => group.fields.map((field) => field.key))),
      secretNames: new Set(entry.secrets.map((secret) => secret.name)),
    });
    setFieldErrors(shown.fieldErrors);
    setSecretErrors(shown.secretErrors);
    setFormError([`${entry.name} was not enabled: correct what is marked and send the form again.`, ...shown.other].join(' '));
    setFocusRequest((n) => n + 1);
  };

  const fieldCount = groups.reduce((n, g) => n + g.fields.length, 0);

  return (
    <form ref={form} className="form enable-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="enable-title" data-testid="enable-form">
      {fieldCount === 0 ? (
        <p className="muted" data-testid="config-none">
          This server takes no configuration.
        </p>
      ) : (
        <ConfigGroupFields groups={groups} values={values} onChange={setValue} errors={fieldErrors} />
      )}
      {entry.secrets.length > 0 ? (
        <fieldset className="config-group" data-testid="enable-secrets">
          <legend>Secrets</legend>
          <p className="config-group__description muted">
            Stored sealed and never shown again: you can replace or delete them on the server’s page, not read them.
          </p>
          <div className="form__grid">
            {entry.secrets.map((secret) => (
              <SecretInput
                key={secret.name}
                id={`secret-${secret.name}`}
                name={secret.name}
                env={secret.env}
                description={secret.description}
                example={secret.example}
                required={secretsNeededToStart}
                error={secretErrors[secret.name]}
                onInput={() => setSecretErrors((current) => withoutKey(current, secret.name))}
                inputRef={(input) => {
                  if (input) secretInputs.current.set(secret.name, input);
                  else secretInputs.current.delete(secret.name);
                }}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={start} onChange={(e) => setStart(e.target.checked)} data-testid="enable-start" />
        <span>Start the server once it is enabled</span>
      </label>
      <ErrorMessage message={formError} testId="enable-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submitting} data-testid="enable-submit">
          {submitting ? 'Enabling…' : start ? 'Enable and start' : 'Enable'}
        </button>
      </div>
    </form>
  );
}
