import { useState } from 'react';
import type { Role } from '../gql/graphql.ts';
import { canOperate, type ServerPageData, type ServerTool } from '../graphql/servers-hooks.ts';
import type { ToolPolicyActions } from '../graphql/tool-policy-hooks.ts';
import { useRecentToolCalls, useToolCaller, type ToolCaller } from '../graphql/tool-call-hooks.ts';
import type { RecentToolCall } from '../recent-tool-calls.ts';
import { filterTools, toolSearchThreshold } from '../tool-search.ts';
import { RecentToolCalls } from './RecentToolCalls.tsx';
import { callBlockedReason, ToolCallPanel, type ToolCallRequest } from './ToolCallPanel.tsx';
import { ToolsList } from './ToolsList.tsx';

interface CallControls {
  caller: ToolCaller;
  role: Role;
  serverRunning: boolean;
  open: ReadonlySet<string>;
  setOpen(tool: string, open: boolean): void;
  requests: ReadonlyMap<string, ToolCallRequest>;
  onCalled(call: RecentToolCall): void;
}

/** "Call" under a tool: its form once opened, or why this user cannot call it. */
function ToolCallDisclosure({ tool, controls }: { tool: ServerTool; controls: CallControls }) {
  const blocked = callBlockedReason(tool, controls.role, controls.serverRunning);
  if (blocked) {
    return (
      <p className="muted small tool__blocked" data-testid={`tool-call-blocked-${tool.name}`}>
        Cannot be called: {blocked}
      </p>
    );
  }
  const open = controls.open.has(tool.name);
  return (
    <details className="tool__schema tool__call" open={open} onToggle={(event) => controls.setOpen(tool.name, event.currentTarget.open)}>
      <summary data-testid={`tool-call-toggle-${tool.name}`}>Call</summary>
      {open ? <ToolCallPanel tool={tool} caller={controls.caller} onCalled={controls.onCalled} request={controls.requests.get(tool.name) ?? null} /> : null}
    </details>
  );
}

const runningStatuses = new Set(['RUNNING', 'UNHEALTHY']);

/**
 * A server's tools on its page: a search when there are many, each tool with its policy and, for operators
 * and admins, its call form; then this browser's recent calls, each of which can be run again.
 */
export function ServerTools({ server, role, policyActions }: { server: ServerPageData; role: Role; policyActions?: ToolPolicyActions }) {
  const canCall = canOperate(role);
  const caller = useToolCaller(server);
  const recent = useRecentToolCalls(server.id);
  const [query, setQuery] = useState('');
  const [open, setOpenTools] = useState<ReadonlySet<string>>(new Set());
  const [requests, setRequests] = useState<ReadonlyMap<string, ToolCallRequest>>(new Map());

  const setOpen = (tool: string, isOpen: boolean) =>
    setOpenTools((current) => {
      if (current.has(tool) === isOpen) return current;
      const next = new Set(current);
      if (isOpen) next.add(tool);
      else next.delete(tool);
      return next;
    });

  const serverRunning = runningStatuses.has(server.status);
  const controls: CallControls = { caller, role, serverRunning, open, setOpen, requests, onCalled: recent.add };
  const toolsByName = new Map(server.tools.map((tool) => [tool.name, tool]));

  const rerun = (call: RecentToolCall) => {
    if (!call.arguments) return;
    const args = call.arguments;
    setQuery('');
    setOpen(call.tool, true);
    setRequests((current) => new Map(current).set(call.tool, { id: `${call.id}-${Date.now()}`, arguments: args }));
    requestAnimationFrame(() =>
      document.querySelector(`[data-testid="${CSS.escape(`tool-${call.tool}`)}"]`)?.scrollIntoView({ block: 'start', behavior: 'smooth' }),
    );
  };

  const shown = filterTools(server.tools, query);
  const searchable = server.tools.length > toolSearchThreshold;
  return (
    <>
      {searchable ? (
        <form className="tools-search" role="search" onSubmit={(event) => event.preventDefault()}>
          <label className="field">
            <span>Search the tools</span>
            <input
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder="Name, title or description"
              autoComplete="off"
              data-testid="tool-search"
            />
          </label>
          <span className="muted small" role="status" data-testid="tool-search-count">
            {query.trim() ? `${shown.length} of ${server.tools.length} tools` : ''}
          </span>
        </form>
      ) : null}
      {searchable && shown.length === 0 ? (
        <p className="empty" data-testid="tool-search-empty">
          No tool matches “{query.trim()}”.
        </p>
      ) : (
        <ToolsList
          tools={shown}
          policyActions={policyActions}
          renderCall={canCall ? (tool) => <ToolCallDisclosure tool={tool} controls={controls} /> : undefined}
        />
      )}
      {canCall ? (
        <RecentToolCalls
          calls={recent.calls}
          onRerun={rerun}
          canRerun={(name) => {
            const tool = toolsByName.get(name);
            return tool !== undefined && callBlockedReason(tool, role, serverRunning) === null;
          }}
        />
      ) : null}
    </>
  );
}
