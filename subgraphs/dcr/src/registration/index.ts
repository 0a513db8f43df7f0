export { RegistrationError, type RegistrationErrorCode } from './errors.ts';
export { validateClientMetadata, redirectUriProblem, metadataLimits, type ClientMetadata } from './metadata.ts';
export { RegistrationService, type ClientInformation, type RegistrationRequest } from './service.ts';
export {
  registrationRoutes,
  registerHandler,
  clientConfigurationHandler,
  registrationPath,
  registrationBodyLimit,
  publicOriginOf,
  type RegistrationRouteOptions,
} from './routes.ts';
export { registrationStore, type RegisteredClientRow } from './store.ts';
export { RegistrationPolicy } from './policy.ts';
export {
  readRegistrationSettings,
  registrationSettingsShape,
  defaultRegistrationSettings,
  type RegistrationSettings,
  type AzureRegistrationSettings,
} from './settings.ts';
export { LocalRegistrationBackend, registrationBackend, type RegistrationBackend, type RegisteredIdentity } from './backend.ts';
export { AzureRegistrationBackend, vaultSecretName, type AzureBackendOptions } from './azure/backend.ts';
