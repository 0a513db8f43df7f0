export * from './databases.ts';
export * from './tokens.ts';
export * from './harness.ts';
export * from './ports.ts';
export * from './conditions.ts';
export * from './statements.ts';
export * from './cookie-jar.ts';
export * from './close-in-time.ts';
