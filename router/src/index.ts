export { startRouter, type RouterOptions, type RunningRouter } from './router.ts';
export {
  defaultSubscriptionLimits,
  readRouterSettings,
  readRouterSettingsWithArgs,
  routerSettingsShape,
  type QueryLimits,
  type RouterSettings,
  type SubscriptionLimits,
} from './settings.ts';
export { loadSupergraph, SupergraphLoadError, subgraphUrlsOf } from './supergraph.ts';
export { defaultWebDistDir, staticPortal } from './static-portal.ts';
export { TrustedProxies } from './client-address.ts';
export type { SubscriptionEngine } from './subscriptions/engine.ts';
