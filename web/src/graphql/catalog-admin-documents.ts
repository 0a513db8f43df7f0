import { graphql } from '../gql/index.ts';
import type { ImportCatalogMutation } from '../gql/graphql.ts';

/**
 * The catalog's administration (operators and admins): custom entries made, replaced and deleted, and
 * catalogs imported. Each answer names the entry; the pages refetch what they show afterwards.
 */

export type { CatalogEntryInput } from '../gql/graphql.ts';
export type CatalogImportReport = ImportCatalogMutation['importCatalog'];

export const CreateCatalogEntryDocument = graphql(`
  mutation CreateCatalogEntry($input: CreateCatalogEntryInput!) {
    createCatalogEntry(input: $input) { name source }
  }
`);

/** Replaces the whole entry. */
export const UpdateCatalogEntryDocument = graphql(`
  mutation UpdateCatalogEntry($name: String!, $input: CatalogEntryInput!) {
    updateCatalogEntry(name: $name, input: $input) { name source }
  }
`);

/** Refused (CONFLICT) while a server is enabled from the entry. */
export const DeleteCatalogEntryDocument = graphql(`
  mutation DeleteCatalogEntry($name: String!) {
    deleteCatalogEntry(name: $name) { name }
  }
`);

/** One of `yaml` and `url`; bad entries come back in `skipped` with their line and column, the others are imported. */
export const ImportCatalogDocument = graphql(`
  mutation ImportCatalog($yaml: String, $url: String) {
    importCatalog(yaml: $yaml, url: $url) {
      imported
      entries { name title }
      replaced
      skipped { name line column path message }
    }
  }
`);
