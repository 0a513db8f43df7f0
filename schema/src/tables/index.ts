/** The domains, each owned by one subgraph; each has its own Postgres schema and migrations folder. */
export const domains = ['auth', 'servers', 'config', 'executor', 'dcr'] as const;
export type Domain = (typeof domains)[number];
