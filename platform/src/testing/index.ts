export * from './platform.ts';
export * from './ws.ts';
export * from './processes.ts';
export * from './subscribers.ts';
export * from './documents.ts';
