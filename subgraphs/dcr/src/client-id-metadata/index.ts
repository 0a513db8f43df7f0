export { ClientMetadataDocumentError } from './errors.ts';
export { isMetadataDocumentClientId, clientIdUrlProblem, validateMetadataDocument, type MetadataDocumentClient } from './validate.ts';
export { documentLifetimeMs, defaultDocumentLifetimeMs, maxDocumentLifetimeMs } from './cache.ts';
export { ClientMetadataDocuments, clientMetadataDocumentDefaults, failureLifetimeMs, type ClientMetadataDocumentsOptions } from './resolver.ts';
