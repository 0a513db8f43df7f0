export * from './platform.ts';
export * from './ws.ts';
