/**
 * What the platform accepts as an account's email address, everywhere one is validated (API, OIDC claims,
 * settings, portal forms). Local accounts commonly live on hosts without a public domain, so a host needs no
 * dot: `admin@localhost` and `ops@build.internal` are accepted like `jane@example.com`.
 */
const hostLabel = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const emailPattern = new RegExp(`^[^\\s@"<>(),;:\\\\[\\]]+@${hostLabel}(?:\\.${hostLabel})*$`);

export const maxEmailLength = 320;

export function isEmailAddress(value: string): boolean {
  return value.length <= maxEmailLength && emailPattern.test(value);
}
