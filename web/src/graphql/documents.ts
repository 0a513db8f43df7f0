import { gql, type TypedDocumentNode } from '@apollo/client';
import {
  catalogQuery,
  enableServerMutation,
  serversQuery,
  serverStatusChangedSubscription,
  type CatalogResult,
  type EnableServerResult,
  type ServersResult,
  type ServerStatusChangedResult,
} from '@mcp-portal/schema/operations';

/** The shared operation strings, parsed once and typed with their shared result types. */
export const ServersDocument: TypedDocumentNode<ServersResult, Record<string, never>> = gql(serversQuery);
export const CatalogDocument: TypedDocumentNode<CatalogResult, { search?: string | null; first?: number | null; after?: string | null }> =
  gql(catalogQuery);
export const EnableServerDocument: TypedDocumentNode<EnableServerResult, { name: string }> = gql(enableServerMutation);
export const ServerStatusChangedDocument: TypedDocumentNode<ServerStatusChangedResult, { id?: string | null }> =
  gql(serverStatusChangedSubscription);
