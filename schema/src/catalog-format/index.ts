/**
 * Docker's MCP catalog format, shared by the servers subgraph (which validates every entry it reads, stores
 * or imports with it) and the portal (whose entry form checks its input with the same rules before sending).
 */
export * from './env-names.ts';
export * from './entry.ts';
export * from './input.ts';
