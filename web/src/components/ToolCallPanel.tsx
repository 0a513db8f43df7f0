import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Role } from '../gql/graphql.ts';
import type { ServerTool } from '../graphql/servers-hooks.ts';
import type { ToolCaller, ToolCallOutcome } from '../graphql/tool-call-hooks.ts';
import type { ToolProgress } from '../gateway-tool-call.ts';
import type { RecentToolCall } from '../recent-tool-calls.ts';
import {
  collectRawArguments,
  collectToolArguments,
  fitsFields,
  initialToolValues,
  toolArgumentFields,
  toolValuesOf,
  type CollectedArguments,
  type ToolFormValues,
} from '../tool-arguments-form.ts';
import { ConfigFieldInput } from './ConfigFieldInput.tsx';
import { ToolCallResultView } from './ToolCallResultView.tsx';

/** A call to run again: its arguments, and an id that changes with every request. */
export interface ToolCallRequest {
  id: string;
  arguments: Record<string, unknown>;
}

/** Why this user cannot call the tool now, or null. */
export function callBlockedReason(tool: ServerTool, role: Role, serverRunning: boolean): string | null {
  if (!tool.policy.enabled) return 'Disabled by its tool policy: nobody can call it until an admin offers it again.';
  if (tool.policy.minRole === 'ADMIN' && role !== 'ADMIN') return 'Admins only: its tool policy keeps it for administrators.';
  if (!serverRunning) return 'The server is not running: start it to call its tools.';
  return null;
}

const newCallId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

function recentCallOf(tool: string, args: Record<string, unknown>, outcome: ToolCallOutcome, at: Date): RecentToolCall {
  return {
    id: newCallId(),
    tool,
    arguments: args,
    at: at.toISOString(),
    durationMs: outcome.durationMs,
    outcome: !outcome.ok ? 'failed' : outcome.result.isError ? 'tool-error' : 'ok',
    message: outcome.ok ? null : outcome.message,
    via: outcome.via,
  };
}

export interface ToolCallPanelProps {
  tool: ServerTool;
  caller: ToolCaller;
  onCalled(call: RecentToolCall): void;
  /** A recent call to run again (its arguments fill the form first). */
  request: ToolCallRequest | null;
}

/**
 * The call form of one tool: an input per argument (generated from its input schema) or the arguments as
 * JSON, checked as the CLI checks them before anything is sent; then the result or the error.
 */
export function ToolCallPanel({ tool, caller, onCalled, request }: ToolCallPanelProps) {
  const fields = useMemo(() => toolArgumentFields(tool.inputSchema), [tool.inputSchema]);
  const [values, setValues] = useState<ToolFormValues>(() => initialToolValues(fields));
  const [raw, setRaw] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<ToolCallOutcome | null>(null);
  const [progress, setProgress] = useState<ToolProgress | null>(null);
  /** The call under way, for Cancel. */
  const abort = useRef<AbortController | null>(null);
  const prefix = `tool-${tool.name}`;

  const refuse = (collected: Extract<CollectedArguments, { ok: false }>) => {
    setErrors(collected.errors);
    setFormError(collected.formError);
  };

  const run = async (args: Record<string, unknown>) => {
    setErrors({});
    setFormError(null);
    setRunning(true);
    setProgress(null);
    const controller = new AbortController();
    abort.current = controller;
    const at = new Date();
    try {
      const answer = await caller.call(tool.name, args, { signal: controller.signal, onProgress: setProgress });
      setOutcome(answer);
      onCalled(recentCallOf(tool.name, args, answer, at));
    } finally {
      if (abort.current === controller) abort.current = null;
      setRunning(false);
      setProgress(null);
    }
  };

  // Running a recent call again: its arguments fill the form, then it is sent as they were.
  const handled = useRef<string | null>(null);
  const pathKnown = caller.path.kind !== 'loading';
  useEffect(() => {
    // Right after a page load the gateway-proxy's address may still be on its way: the call waits for it.
    if (!request || handled.current === request.id || !pathKnown) return;
    handled.current = request.id;
    if (fitsFields(fields, request.arguments)) {
      setValues(toolValuesOf(fields, request.arguments));
      setRaw(null);
    } else {
      setRaw(JSON.stringify(request.arguments, null, 2));
    }
    const collected = collectRawArguments(tool, JSON.stringify(request.arguments));
    if (collected.ok) void run(collected.arguments);
    else refuse(collected);
    // `run` changes every render; the request's id is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request?.id, pathKnown]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (running || caller.path.kind === 'loading') return;
    const collected = raw === null ? collectToolArguments(tool, fields, values) : collectRawArguments(tool, raw);
    if (collected.ok) void run(collected.arguments);
    else refuse(collected);
  };

  const toggleRaw = (on: boolean) => {
    setErrors({});
    setFormError(null);
    if (on) {
      const collected = collectToolArguments(tool, fields, values);
      setRaw(JSON.stringify(collected.ok ? collected.arguments : {}, null, 2));
      return;
    }
    const collected = raw === null ? null : collectRawArguments(tool, raw);
    if (collected?.ok && fitsFields(fields, collected.arguments)) setValues(toolValuesOf(fields, collected.arguments));
    setRaw(null);
  };

  const rawId = `${prefix}-raw`;
  return (
    <div className="tool-call" data-testid={`tool-call-${tool.name}`}>
      <form className="tool-call__form" onSubmit={submit} noValidate aria-label={`Call ${tool.name}`}>
        <label className="check small">
          <input
            type="checkbox"
            checked={raw !== null}
            onChange={(event) => toggleRaw(event.target.checked)}
            data-testid={`tool-call-raw-toggle-${tool.name}`}
          />{' '}
          Edit the arguments as JSON
        </label>
        {raw !== null ? (
          <label className="field">
            <span>Arguments (a JSON object)</span>
            <textarea
              className="mono"
              rows={6}
              spellCheck={false}
              value={raw}
              onChange={(event) => setRaw(event.target.value)}
              aria-invalid={formError ? true : undefined}
              aria-describedby={formError ? `${rawId}-error` : undefined}
              data-testid={`tool-call-raw-${tool.name}`}
            />
          </label>
        ) : fields.length === 0 ? (
          <p className="muted small">This tool takes no arguments.</p>
        ) : (
          <div className="form__grid">
            {fields.map((field) => (
              <ConfigFieldInput
                key={field.key}
                idPrefix={`${prefix}-arg`}
                field={field}
                value={values[field.key]}
                onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))}
                error={errors[field.key]}
              />
            ))}
          </div>
        )}
        {formError ? (
          <p className="error" role="alert" id={`${rawId}-error`} data-testid={`tool-call-form-error-${tool.name}`}>
            {formError}
          </p>
        ) : null}
        <div className="tool-call__actions">
          <button
            type="submit"
            className="button button--primary button--small"
            disabled={running || caller.path.kind === 'loading'}
            data-testid={`tool-call-submit-${tool.name}`}
          >
            {running ? 'Calling…' : 'Call'}
          </button>
          {running ? (
            <button type="button" className="button button--small" onClick={() => abort.current?.abort()} data-testid={`tool-call-cancel-${tool.name}`}>
              Cancel
            </button>
          ) : null}
          {progress ? (
            <span className="small" role="status" data-testid={`tool-call-progress-${tool.name}`}>
              Progress {progress.progress}
              {progress.total !== null ? ` of ${progress.total}` : ''}
              {progress.message ? `: ${progress.message}` : ''}
            </span>
          ) : null}
          <span className="muted small" data-testid={`tool-call-path-${tool.name}`}>
            {caller.path.kind === 'gateway-proxy'
              ? 'Through the gateway-proxy, as an MCP client calls it.'
              : caller.path.kind === 'graphql'
                ? `Through GraphQL callTool: ${caller.path.reason}.`
                : 'Finding the gateway-proxy…'}
          </span>
        </div>
      </form>
      {outcome ? <ToolCallResultView tool={tool.name} outcome={outcome} /> : null}
    </div>
  );
}
