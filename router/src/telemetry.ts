/**
 * Apollo's gateway sends usage data to Apollo (and probes cloud metadata addresses) unless
 * APOLLO_TELEMETRY_DISABLED is set. The platform phones nobody: it turns that off unless the operator chose
 * otherwise by setting the variable themselves (APOLLO_TELEMETRY_DISABLED=false opts in).
 * Imported before @apollo/gateway, which reads the variable when a gateway is created.
 */
if (process.env.APOLLO_TELEMETRY_DISABLED === undefined || process.env.APOLLO_TELEMETRY_DISABLED === '') {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}
