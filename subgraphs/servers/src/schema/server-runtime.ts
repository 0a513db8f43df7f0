import { serverRuntimes } from '@mcp-portal/schema';
import { upperCaseEnumValues } from '@mcp-portal/kit';
import { builder } from './builder.ts';

/** How a server runs: a container, a local process, or a remote endpoint (servers and catalog entries both say it). */
export const ServerRuntimeEnum = builder.enumType('ServerRuntime', { values: upperCaseEnumValues(serverRuntimes) });
