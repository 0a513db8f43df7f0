import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CatalogEntryDetail } from '@mcp-portal/schema/operations';
import { collectConfig, configGroups, initialValues, type ConfigFieldValue } from '../config-schema.ts';
import { useEnableServerWithConfig, type PortalServer } from '../graphql/servers-hooks.ts';
import { ConfigFieldInput } from './ConfigFieldInput.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface EnableServerFormProps {
  entry: CatalogEntryDetail;
  onEnabled(server: PortalServer): void;
}

/**
 * Enables a catalog entry, with the configuration form its `configSchema` describes. Values are checked
 * here first (required fields, numbers, JSON); the API's refusals appear next to the field they are
 * about, or above the button.
 */
export function EnableServerForm({ entry, onEnabled }: EnableServerFormProps) {
  const groups = useMemo(() => configGroups(entry.configSchema), [entry.configSchema]);
  const [values, setValues] = useState<Record<string, ConfigFieldValue>>(() => initialValues(groups));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [start, setStart] = useState(true);
  /** The server a previous attempt enabled before a value was refused: the next attempt reuses it. */
  const [enabled, setEnabled] = useState<PortalServer | null>(null);
  const { enable, submitting } = useEnableServerWithConfig();
  const form = useRef<HTMLFormElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  useEffect(() => {
    if (focusRequest === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const setValue = (key: string, value: ConfigFieldValue) => {
    setValues((current) => ({ ...current, [key]: value }));
    setFieldErrors((current) => {
      if (!(key in current)) return current;
      const next = { ...current };
      delete next[key];
      return next;
    });
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setFormError(null);
    const collected = collectConfig(groups, values);
    setFieldErrors(collected.errors);
    if (Object.keys(collected.errors).length > 0) {
      setFocusRequest((n) => n + 1);
      return;
    }
    const outcome = await enable(entry.name, collected.entries, start, enabled);
    if (outcome.ok) {
      onEnabled(outcome.server);
      return;
    }
    setEnabled(outcome.server);
    if (outcome.server === null) {
      setFormError(outcome.formError);
    } else {
      setFieldErrors(outcome.fieldErrors);
      const refused = Object.keys(outcome.fieldErrors).length;
      setFormError(
        outcome.formError ??
          `${entry.name} is enabled but not started: ${refused === 1 ? 'a value was' : `${refused} values were`} refused. Correct ${refused === 1 ? 'it' : 'them'} and send the form again.`,
      );
      setFocusRequest((n) => n + 1);
    }
  };

  const fieldCount = groups.reduce((n, g) => n + g.fields.length, 0);

  return (
    <form ref={form} className="form enable-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="enable-title" data-testid="enable-form">
      {fieldCount === 0 ? (
        <p className="muted" data-testid="config-none">
          This server takes no configuration.
        </p>
      ) : (
        groups.map((group, index) => (
          <fieldset key={group.name ?? index} className="config-group" data-testid={`config-group-${group.name ?? index}`}>
            <legend>{group.title ?? group.name ?? 'Configuration'}</legend>
            {group.description ? <p className="config-group__description muted">{group.description}</p> : null}
            <div className="form__grid">
              {group.fields.map((f) => (
                <ConfigFieldInput key={f.key} field={f} value={values[f.key]} onChange={(v) => setValue(f.key, v)} error={fieldErrors[f.key]} />
              ))}
            </div>
          </fieldset>
        ))
      )}
      <label className="check">
        <input type="checkbox" checked={start} onChange={(e) => setStart(e.target.checked)} data-testid="enable-start" />
        <span>Start the server once it is enabled</span>
      </label>
      <ErrorMessage message={formError} testId="enable-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submitting} data-testid="enable-submit">
          {submitting ? 'Enabling…' : enabled ? 'Save and retry' : start ? 'Enable and start' : 'Enable'}
        </button>
      </div>
    </form>
  );
}
