import type { ServerTool } from '../graphql/servers-hooks.ts';

/** The tools a running server offers (its `tools/list`), each with its input schema behind a disclosure. */
export function ToolsList({ tools }: { tools: ServerTool[] }) {
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
          </div>
          {tool.description ? <p className="tool__description">{tool.description}</p> : null}
          <details className="tool__schema">
            <summary>Input schema</summary>
            <pre className="code" data-testid={`tool-schema-${tool.name}`}>
              {JSON.stringify(tool.inputSchema, null, 2)}
            </pre>
          </details>
        </li>
      ))}
    </ul>
  );
}
