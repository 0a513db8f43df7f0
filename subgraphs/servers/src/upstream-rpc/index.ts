export { UpstreamOwnerClient, type OwnerCallOptions } from './owner-client.ts';
