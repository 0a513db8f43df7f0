import type {
  CallToolResult,
  CompleteRequest,
  CompleteResult,
  GetPromptResult,
  LoggingMessageNotification,
  Progress,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type {
  CreateMessageRequest,
  CreateMessageResult,
  CreateMessageResultWithTools,
  ElicitRequest,
  ElicitResult,
  ListRootsRequest,
  ListRootsResult,
} from '@modelcontextprotocol/sdk/types.js';

import type { ToolPolicy } from '@mcp-portal/kit';

/** One running MCP server the proxy can reach, with its tools as its own tools/list gave them. */
export interface UpstreamServer {
  /** The servers subgraph's id of the server. */
  id: string;
  /** Its catalog name: unique among enabled servers; used in prefixed tool names (`<name>__<tool>`). */
  name: string;
  /** Complete definitions: input and output schemas, annotations, icons, `_meta`, unchanged. */
  tools: readonly Tool[];
  /** The team's tool policies of this server (disabled, admin-only; see tool-policy.ts); none: every tool for operators. */
  toolPolicies?: readonly ToolPolicy[];
  /**
   * Set for a remote server that signs in with OAuth and has no session the directory can use for everyone:
   * each user calls it with their own token (`user`), or its team connection is not authorized yet (`team`).
   * `tools` are then those its catalog entry names; see oauth-upstreams.ts.
   */
  authorization?: UpstreamAuthorization;
}

export interface UpstreamAuthorization {
  connection: 'user' | 'team';
  /** Its MCP endpoint. */
  url: string;
  transport: 'streamable-http' | 'sse';
  /** Why it has no shared session, for people. */
  reason: string;
}

export interface UpstreamCallOptions {
  /** Aborted when the MCP client cancels the call (or its session ends): the upstream request is cancelled too. */
  signal?: AbortSignal;
  /** Called with each progress notification the server sends for this request (the proxy then asks for progress). */
  onProgress?: (progress: Progress) => void;
  /** The platform user the call is made for: a server that signs in with OAuth per user is called with their token. */
  userId?: string;
}

/** A server's notifications/elicitation/complete. */
export interface ElicitationCompletion {
  serverId: string;
  elicitationId: string;
}

/** What a server sent on notifications/message (a log message), and which server. */
export interface UpstreamLogMessage {
  serverId: string;
  params: LoggingMessageNotification['params'];
}

/**
 * A request a running server sent to its client (the platform's session with it): sampling, elicitation
 * or roots, for the MCP client session that caused it. `signal` is aborted when the server cancels it.
 */
export type UpstreamServerRequest = { serverId: string; signal: AbortSignal } & (
  | { method: 'sampling/createMessage'; params: CreateMessageRequest['params'] }
  | { method: 'elicitation/create'; params: ElicitRequest['params'] }
  | { method: 'roots/list'; params?: ListRootsRequest['params'] }
);

export type UpstreamServerRequestResult = CreateMessageResult | CreateMessageResultWithTools | ElicitResult | ListRootsResult;

/**
 * How the proxy reaches a running server over HTTP itself, to speak MCP 2026-07-28 to it (see
 * UpstreamDirectory.httpEndpoint): its Streamable HTTP URL and the headers the directory connects with.
 */
export interface UpstreamHttpEndpoint {
  url: string;
  headers: Record<string, string>;
  /** Names this connection to the server: it changes when the server restarts (what the proxy learnt of it is forgotten then). */
  connection: string;
  /** The directory's own limit for a call (MCP_TOOL_CALL_TIMEOUT_SECONDS). */
  timeoutMs: number;
}

/**
 * Where the proxy finds the running servers and calls their tools. In `npm start` it is the servers
 * subgraph's lifecycle in the same process (the running servers' own MCP sessions, no extra hop); a
 * directory that reaches the lifecycle owner of another replica comes later.
 *
 * What `callTool` throws, and what the MCP client sees:
 * - the kit's `ConflictError`: the server is not running (any more): a JSON-RPC error naming the server;
 * - the kit's `NotFoundError`: the server has no such tool (any more): a JSON-RPC invalid-params error;
 * - the SDK's `McpError`: the server's own JSON-RPC error (or a timeout), forwarded with its code;
 * - anything else: logged, and answered as an internal error without details.
 * A tool that fails in its own way returns a result with `isError: true`, which is forwarded as it is.
 */
export interface UpstreamDirectory {
  /** The servers that are running now, in any order. */
  list(): Promise<UpstreamServer[]>;
  callTool(serverId: string, tool: string, args: Record<string, unknown>, options?: UpstreamCallOptions): Promise<CallToolResult>;
  /**
   * Calls `listener` after the set of running servers or one server's tool list may have changed (a
   * server started, stopped, failed, or sent notifications/tools/list_changed). Spurious calls are
   * fine: the proxy compares what it lists. Returns the function that stops the calls.
   */
  onChange(listener: () => void): () => void;
  /**
   * Prompts and resources (optional: a directory without them offers none). The lists are complete: the
   * directory follows the server's own pagination; a server without the capability answers []. Errors
   * follow callTool's rules.
   */
  listPrompts?(serverId: string): Promise<Prompt[]>;
  getPrompt?(serverId: string, name: string, args: Record<string, string>, options?: UpstreamCallOptions): Promise<GetPromptResult>;
  listResources?(serverId: string): Promise<Resource[]>;
  listResourceTemplates?(serverId: string): Promise<ResourceTemplate[]>;
  readResource?(serverId: string, uri: string, options?: UpstreamCallOptions): Promise<ReadResourceResult>;
  /**
   * Calls `listener` after a server's prompts or resources may have changed (it sent
   * notifications/prompts/list_changed or notifications/resources/list_changed); starts and stops are
   * reported through onChange.
   */
  onContentChange?(listener: () => void): () => void;
  /**
   * completion/complete on one server (optional: without it the proxy offers no completions). The ref names
   * the server's own prompt or resource template, unprefixed. Errors follow callTool's rules.
   */
  complete?(serverId: string, params: CompleteRequest['params'], options?: UpstreamCallOptions): Promise<CompleteResult>;
  /**
   * resources/subscribe and resources/unsubscribe on one server (optional, both or neither). The directory
   * keeps what is subscribed and subscribes again when the server restarts; onResourceUpdated then reports
   * the server's notifications/resources/updated.
   */
  subscribeResource?(serverId: string, uri: string): Promise<void>;
  unsubscribeResource?(serverId: string, uri: string): Promise<void>;
  onResourceUpdated?(listener: (update: { serverId: string; uri: string }) => void): () => void;
  /**
   * Reports a server's notifications/elicitation/complete (the out-of-band interaction of a URL-mode
   * elicitation it asked for has ended), for the client session that was sent that elicitation.
   */
  onElicitationComplete?(listener: (completion: ElicitationCompletion) => void): () => void;
  /** Calls `listener` with every log message (notifications/message) a running server sends. */
  onLog?(listener: (message: UpstreamLogMessage) => void): () => void;
  /**
   * Hands every sampling/createMessage, elicitation/create and roots/list request a running server sends
   * to `listener` (one listener: a later call replaces it), whose answer, or thrown error (a JSON-RPC
   * `code` and message), goes back to the server. Without it servers' requests are refused.
   */
  onServerRequest?(listener: (request: UpstreamServerRequest) => Promise<UpstreamServerRequestResult>): () => void;
  /**
   * The running server's own HTTP endpoint, so that the proxy can ask it (`server/discover`) whether it
   * speaks MCP 2026-07-28 and then forward 2026-07-28 clients' requests to it as they are (optional: without
   * it, or when it answers `unavailable`, the proxy talks to the server through the directory only).
   */
  httpEndpoint?(serverId: string): Promise<UpstreamHttpEndpoint | { unavailable: string }>;
  /** Sends notifications/roots/list_changed to a running server (a client's roots changed). */
  rootsChanged?(serverId: string): Promise<void>;
  /** Stops watching for changes; the proxy calls it when it stops (it owns the directory it is given). */
  close?(): Promise<void>;
}
