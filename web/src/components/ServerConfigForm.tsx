import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { collectChanges, configEditorGroups, storedValues, type ConfigFieldValue } from '../config-schema.ts';
import type { ServerConfigValue, ServerSettings } from '../graphql/servers-hooks.ts';
import { ConfigGroupFields } from './ConfigGroupFields.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface ServerConfigFormProps {
  /** The catalog entry's `configSchema` (null while it loads or when the entry left the catalog). */
  configSchema: unknown;
  config: readonly ServerConfigValue[];
  /** Keys the last failed start named as missing: they get a field even when the schema lacks one. */
  missing: readonly string[];
  settings: ServerSettings;
  /** Called after values were stored or deleted. */
  onChanged(): void;
  footer?: ReactNode;
}

/**
 * A server's configuration values as the enable form's generated inputs, showing what the server has.
 * Save sends only what changed: `setServerConfig` per changed key, `deleteServerConfig` per emptied
 * optional one. Fields nobody touched follow the server's values as they change.
 */
export function ServerConfigForm({ configSchema, config, missing, settings, onChanged, footer }: ServerConfigFormProps) {
  const groups = useMemo(() => configEditorGroups(configSchema, config, missing), [configSchema, config, missing]);
  const stored = useMemo(() => storedValues(groups, config), [groups, config]);
  const storedKeys = useMemo(() => new Set(config.map((c) => c.key)), [config]);
  /** The fields the user changed; the others show the stored value. */
  const [edits, setEdits] = useState<Record<string, ConfigFieldValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  useEffect(() => {
    if (focusRequest === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const values = useMemo(() => ({ ...stored, ...edits }), [stored, edits]);
  const dirty = Object.entries(edits).some(([key, value]) => stored[key] !== value);
  const fieldCount = groups.reduce((n, g) => n + g.fields.length, 0);

  const setValue = (key: string, value: ConfigFieldValue) => {
    setEdits((current) => ({ ...current, [key]: value }));
    setErrors((current) => {
      if (!(key in current)) return current;
      const next = { ...current };
      delete next[key];
      return next;
    });
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    setFormError(null);
    const changes = collectChanges(groups, stored, values, storedKeys);
    setErrors(changes.errors);
    if (Object.keys(changes.errors).length > 0) {
      setFocusRequest((n) => n + 1);
      return;
    }
    const sent = [...changes.set.map((c) => c.key), ...changes.remove];
    if (sent.length === 0) {
      setEdits({});
      return;
    }
    setSaving(true);
    const refused = await settings.saveConfig(changes.set, changes.remove);
    setSaving(false);
    // What was stored now shows as the server's value; refused fields keep what was typed.
    setEdits((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key in refused)));
    setErrors(refused);
    const refusedCount = Object.keys(refused).length;
    if (refusedCount < sent.length) onChanged();
    if (refusedCount > 0) {
      setFormError(`${refusedCount === 1 ? 'A value was' : `${refusedCount} values were`} refused; the others were saved.`);
      setFocusRequest((n) => n + 1);
    }
  };

  if (fieldCount === 0) {
    return (
      <>
        <p className="muted" data-testid="server-config-none">
          This server takes no configuration.
        </p>
        {footer}
      </>
    );
  }

  return (
    <form
      ref={form}
      className="form config-form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-label="Configuration values"
      data-testid="server-config-form"
    >
      <ConfigGroupFields groups={groups} values={values} onChange={setValue} errors={errors} />
      <ErrorMessage message={formError} testId="server-config-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving || !dirty} data-testid="server-config-save">
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="button button--ghost"
          disabled={saving || Object.keys(edits).length === 0}
          onClick={() => {
            setEdits({});
            setErrors({});
            setFormError(null);
          }}
          data-testid="server-config-discard"
        >
          Discard changes
        </button>
      </div>
      {footer}
    </form>
  );
}
