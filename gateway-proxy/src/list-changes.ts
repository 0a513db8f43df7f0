import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Logger } from 'pino';
import type { CatalogIndex } from './catalog-index.ts';
import type { ToolIndex } from './tool-index.ts';

export interface ListeningSession {
  id: string;
  server: Server;
}

/**
 * Sends every open session `notifications/tools/list_changed`, `…/prompts/list_changed` and
 * `…/resources/list_changed` when what the proxy lists has changed, whatever the session's transport
 * (Streamable HTTP, HTTP+SSE). Returns the function that stops it.
 */
export function sendListChanges(sources: { index: ToolIndex; catalog?: CatalogIndex; logger: Logger }, sessions: () => Iterable<ListeningSession>): () => void {
  const broadcast = (what: string, send: (server: Server) => Promise<void>) => () => {
    for (const session of sessions()) {
      send(session.server).catch((error: unknown) => sources.logger.debug({ err: error, session: session.id }, `could not send ${what}`));
    }
  };
  const stops = [
    sources.index.onListChanged(broadcast('tools/list_changed', (server) => server.sendToolListChanged())),
    sources.catalog?.onPromptsChanged(broadcast('prompts/list_changed', (server) => server.sendPromptListChanged())),
    sources.catalog?.onResourcesChanged(broadcast('resources/list_changed', (server) => server.sendResourceListChanged())),
  ];
  return () => {
    for (const stop of stops) stop?.();
  };
}
