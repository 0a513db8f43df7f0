export * from './authorization-server.ts';
export * from './protected-mcp-server.ts';
export * from './consent.ts';
export * from './https-document-server.ts';
export * from './remote-catalog.ts';
