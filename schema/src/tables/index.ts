/** The domains, each owned by one subgraph; each has its own Postgres schema and migrations folder. */
export const domains = ['auth', 'servers', 'config', 'executor', 'dcr'] as const;
export type Domain = (typeof domains)[number];

/** Migration sets: one per domain, plus the audit log that every subgraph writes to. */
export const migrationSets = [...domains, 'audit'] as const;
export type MigrationSet = (typeof migrationSets)[number];
