import { Flags } from '@oclif/core';
import { gatewayFilterProblem, splitList, type GatewayFilter } from '@mcp-portal/schema/gateway-filter';
import { PortalError } from './errors.ts';

/** A comma-separated list flag (`--servers a,b`); given twice, the lists add up. */
export const listFlag = (summary: string, helpValue: string) => Flags.custom<string[]>({ summary, helpValue, parse: async (input) => splitList(input) })();

/** The filter of `--servers`/`--tools`, each replacing the profile's list when given; refused when malformed. */
export function gatewayFilter(flags: GatewayFilter, profile: GatewayFilter = {}): GatewayFilter {
  const servers = flags.servers ?? profile.servers;
  const tools = flags.tools ?? profile.tools;
  const filter: GatewayFilter = { ...(servers ? { servers } : {}), ...(tools ? { tools } : {}) };
  const problem = gatewayFilterProblem(filter);
  if (problem) throw new PortalError(`Invalid --servers/--tools: ${problem}.`);
  return filter;
}
