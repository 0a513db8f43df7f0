/** Library surface of the CLI, for tests and other tools: the commands themselves live in src/commands. */
export { graphqlRequest, withLoginHint, type ClientOptions } from './lib/client.ts';
export { PortalError } from './lib/errors.ts';
export { auditCsvHeader, auditCsvRecord, auditRow, csvField, formatTable, relativeTime, timeAgo, tokensTable } from './lib/format.ts';
export { installPlugin, type InstallResult } from './lib/install.ts';
export { cliRoot, cliVersion, pluginArgv, pluginMetadata, PLUGIN_NAME, SHORT_DESCRIPTION } from './lib/plugin.ts';
export {
  DEFAULT_URL,
  dockerConfigDir,
  graphqlEndpoint,
  normalizeUrl,
  readSavedLogin,
  requireToken,
  resolveSettings,
  savedLoginSchema,
  settingsFile,
  writeSavedLogin,
  type ResolvedSettings,
  type SavedLogin,
} from './lib/settings.ts';
export { subscribeLive, subscriptionEndpoint, subscriptionError, type LiveSubscription } from './lib/subscription.ts';
