/** One remote MCP server of a test catalog that signs in with OAuth (whose `whoami` tool the entry names). */
export interface RemoteOAuthEntry {
  url: string;
  /** Each user's own authorization (default), or one for the team. */
  connection?: 'user' | 'team';
  transport?: 'streamable-http' | 'sse';
  title?: string;
}

/**
 * A catalog file's text (the `registry:` format MCP_CATALOG_PATH reads) with these remote servers, each in the
 * catalog as a protected test server (startProtectedMcpServer) is: its `whoami` tool listed, its `oauth` connection.
 */
export function remoteOAuthCatalog(entries: Record<string, RemoteOAuthEntry>): string {
  const lines = ['registry:'];
  for (const [name, entry] of Object.entries(entries)) {
    lines.push(`  ${name}:`);
    if (entry.title) lines.push(`    title: ${JSON.stringify(entry.title)}`);
    lines.push(
      '    type: remote',
      `    remote: { transport_type: ${entry.transport ?? 'streamable-http'}, url: ${JSON.stringify(entry.url)} }`,
      `    oauth: { connection: ${entry.connection ?? 'user'} }`,
      '    tools: [{ name: whoami, description: The account the access token is for. }]',
    );
  }
  return `${lines.join('\n')}\n`;
}
