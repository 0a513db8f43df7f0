/** API tokens look like `mcpat_…`; the router exchanges them at the auth subgraph's exchange path. */
export const apiTokenPrefix = 'mcpat_';
export const tokenExchangePath = '/token/exchange';
