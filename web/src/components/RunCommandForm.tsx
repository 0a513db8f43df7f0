import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ExecutorCommand } from '../graphql/executor-hooks.ts';
import type { ToolFormValues } from '../tool-arguments-form.ts';
import { collectCommandArguments, commandFields, commandValuesOf, groupCommands, initialCommandValues, type RunRefusal } from '../run-command-form.ts';
import { ConfigFieldInput } from './ConfigFieldInput.tsx';

/** A run to start from (Run again): its command and arguments, and an id that changes with every request. */
export interface RunPrefill {
  id: string;
  command: string;
  arguments: unknown;
}

export interface RunCommandFormProps {
  commands: readonly ExecutorCommand[];
  prefill: RunPrefill | null;
  /** Starts the run; answers the refusal to show, or null once the run started (the page moves to it). */
  onRun(command: string, args: Record<string, unknown>, keys: readonly string[]): Promise<RunRefusal | null>;
  running: boolean;
}

/**
 * The command picker (grouped by topic, narrowed by a search) and one generated input per named argument of
 * the chosen command (its argumentsSchema); the values are checked as the executor checks them before anything
 * is sent, and the executor's refusal shows above the Run button (a refused argument under its input too).
 */
export function RunCommandForm({ commands, prefill, onRun, running }: RunCommandFormProps) {
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string>(() => prefill?.command ?? commands[0]?.name ?? '');
  const command = commands.find((c) => c.name === selected) ?? null;
  const fields = useMemo(() => (command ? commandFields(command) : []), [command]);
  const [values, setValues] = useState<ToolFormValues>(() => initialCommandValues(fields));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<RunRefusal | null>(null);
  const [prefilledFrom, setPrefilledFrom] = useState<string | null>(null);
  const searchId = useId();

  const groups = useMemo(() => {
    const found = groupCommands(commands, search);
    // The chosen command stays offered whatever the search says, so the select never shows another one.
    if (command && !found.some((group) => group.commands.includes(command))) {
      const topic = command.name.split(' ')[0] ?? command.name;
      const group = found.find((g) => g.topic === topic);
      if (group) group.commands.unshift(command);
      else found.unshift({ topic, commands: [command] });
    }
    return found;
  }, [commands, search, command]);
  const matching = groupCommands(commands, search).reduce((count, group) => count + group.commands.length, 0);

  const choose = (name: string, nextValues?: ToolFormValues) => {
    const next = commands.find((c) => c.name === name);
    setSelected(name);
    setValues(nextValues ?? (next ? initialCommandValues(commandFields(next)) : {}));
    setErrors({});
    setFormError(null);
    setRefusal(null);
  };

  // Run again: the form shows the earlier run's command and arguments (nothing is sent until Run).
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!prefill || handled.current === prefill.id || commands.length === 0) return;
    handled.current = prefill.id;
    const next = commands.find((c) => c.name === prefill.command);
    if (!next) {
      setFormError(`You cannot run ${prefill.command} (your role does not allow it): choose another command.`);
      return;
    }
    choose(next.name, commandValuesOf(commandFields(next), prefill.arguments));
    setPrefilledFrom(prefill.id);
    // `choose` changes every render; the request's id is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [prefill?.id, commands]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!command || running) return;
    setRefusal(null);
    const collected = collectCommandArguments(command, fields, values);
    if (!collected.ok) {
      setErrors(collected.errors);
      setFormError(collected.formError);
      return;
    }
    setErrors({});
    setFormError(null);
    const refused = await onRun(
      command.name,
      collected.arguments,
      fields.map((f) => f.key),
    );
    if (refused) {
      setRefusal(refused);
      setErrors(refused.argumentErrors);
    }
  };

  if (commands.length === 0) return <p className="empty">Your role may run no command.</p>;

  return (
    <form className="run-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Run a command" data-testid="run-form">
      <div className="run-form__picker">
        <label className="field" htmlFor={searchId}>
          <span>Find a command</span>
          <input
            id={searchId}
            type="search"
            autoComplete="off"
            placeholder="e.g. server, logs, catalog"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-describedby={`${searchId}-count`}
            data-testid="run-command-search"
          />
          <span className="field__hint" id={`${searchId}-count`} data-testid="run-command-matches">
            {matching === 1 ? '1 command matches.' : `${matching} commands match.`}
          </span>
        </label>
        <label className="field">
          <span>Command</span>
          <select name="command" value={selected} onChange={(e) => choose(e.target.value)} data-testid="run-command">
            {groups.map((group) => (
              <optgroup key={group.topic} label={group.topic}>
                {group.commands.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      </div>
      {command ? (
        <p className="run-form__summary" data-testid="run-command-summary">
          <span className="mono">docker mcp {command.name}</span>: {command.summary}{' '}
          <span className="muted small">(for {command.minimumRole.toLowerCase()}s and above)</span>
        </p>
      ) : null}
      {prefilledFrom ? (
        <p className="muted small" role="status" data-testid="run-prefilled">
          Filled in with the arguments of an earlier run: check them, then Run.
        </p>
      ) : null}
      {fields.length === 0 ? (
        <p className="muted small">This command takes no arguments.</p>
      ) : (
        <fieldset className="run-form__arguments">
          <legend>Arguments</legend>
          <div className="form__grid">
            {fields.map((field) => (
              <ConfigFieldInput
                key={`${selected}/${field.key}`}
                idPrefix="run-arg"
                field={field}
                value={values[field.key]}
                onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))}
                error={errors[field.key]}
              />
            ))}
          </div>
        </fieldset>
      )}
      {formError ? (
        <p className="error" role="alert" data-testid="run-form-error">
          {formError}
        </p>
      ) : null}
      {refusal ? (
        <div className="error run-refusal" role="alert" data-testid="run-refusal" data-kind={refusal.kind}>
          <strong data-testid="run-refusal-title">{refusal.title}.</strong> <span data-testid="run-refusal-message">{refusal.message}</span>
        </div>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={!command || running} data-testid="run-submit">
          {running ? 'Starting…' : 'Run'}
        </button>
      </div>
    </form>
  );
}
