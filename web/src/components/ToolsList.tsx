import type { ReactNode } from 'react';
import type { ServerTool } from '../graphql/servers-hooks.ts';
import type { ToolPolicyActions } from '../graphql/tool-policy-hooks.ts';

function policyLabel(policy: ServerTool['policy']): string {
  if (!policy.enabled) return 'Disabled';
  return policy.minRole === 'ADMIN' ? 'Admins only' : 'Enabled';
}

/** What a tool's policy says, and for admins the controls that change it. */
function ToolPolicy({ tool, actions }: { tool: ServerTool; actions?: ToolPolicyActions }) {
  const state = !tool.policy.enabled ? 'disabled' : tool.policy.minRole === 'ADMIN' ? 'admin-only' : 'enabled';
  const badge = (
    <span
      className={`badge badge--${state === 'enabled' ? 'running' : state === 'disabled' ? 'stopped' : 'pending'}`}
      data-testid={`tool-policy-${tool.name}`}
      data-state={state}
    >
      {policyLabel(tool.policy)}
    </span>
  );
  if (!actions) return badge;
  const busy = actions.pending.has(tool.name);
  const error = actions.errors.get(tool.name);
  return (
    <div className="tool__policy">
      {badge}
      <label>
        <input
          type="checkbox"
          data-testid={`tool-enabled-${tool.name}`}
          checked={tool.policy.enabled}
          disabled={busy}
          onChange={(event) => void actions.set(tool.name, { enabled: event.target.checked })}
        />{' '}
        Offered through the gateway
      </label>
      <label>
        Who may call it{' '}
        <select
          data-testid={`tool-min-role-${tool.name}`}
          value={tool.policy.minRole}
          disabled={busy}
          onChange={(event) => void actions.set(tool.name, { minRole: event.target.value === 'ADMIN' ? 'ADMIN' : 'OPERATOR' })}
        >
          <option value="OPERATOR">Operators and admins</option>
          <option value="ADMIN">Admins only</option>
        </select>
      </label>
      {error ? (
        <p className="error" role="alert" data-testid={`tool-policy-error-${tool.name}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The tools a running server offers (its `tools/list`), each with its policy and its input schema behind
 * a disclosure; `policyActions` (admins) adds the controls that disable a tool or keep it for admins, and
 * `renderCall` (operators and admins) what calls it.
 */
export function ToolsList({
  tools,
  policyActions,
  renderCall,
}: {
  tools: ServerTool[];
  policyActions?: ToolPolicyActions;
  renderCall?: (tool: ServerTool) => ReactNode;
}) {
  if (tools.length === 0) {
    return (
      <p className="empty" data-testid="tools-empty">
        No tools yet: a server lists its tools once it runs.
      </p>
    );
  }
  return (
    <ul className="tools" data-testid="tools">
      {tools.map((tool) => (
        <li key={tool.name} className="tool" data-testid={`tool-${tool.name}`}>
          <div className="tool__head">
            <span className="tool__name mono">{tool.name}</span>
            {tool.title && tool.title !== tool.name ? <span className="muted">{tool.title}</span> : null}
            <ToolPolicy tool={tool} actions={policyActions} />
          </div>
          {tool.description ? <p className="tool__description">{tool.description}</p> : null}
          <details className="tool__schema">
            <summary>Input schema</summary>
            <pre className="code" data-testid={`tool-schema-${tool.name}`}>
              {JSON.stringify(tool.inputSchema, null, 2)}
            </pre>
          </details>
          {renderCall?.(tool)}
        </li>
      ))}
    </ul>
  );
}
