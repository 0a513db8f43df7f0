export { UpstreamOwnerClient, type OwnerCallOptions, type UpstreamListItem } from './owner-client.ts';
export { subscriptionTtlMs, type StreamedServerRequest } from './contract.ts';
