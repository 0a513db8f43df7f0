export { UpstreamOwnerClient, type OwnerCallOptions } from './owner-client.ts';
export { subscriptionTtlMs, type StreamedServerRequest } from './contract.ts';
