export { buildInvocation, CommandRefusedError, describeCommands, findCommand, maxArgumentBytes, maxArgvBytes } from './invocation.ts';
export type { CommandDescription, CommandRefusalCode, Invocation } from './invocation.ts';
export { commands, commandsTable, jsonArgument, maxLogTail, maxSearchLength, maxWaitSeconds } from './registry.ts';
export type { CommandLine, CommandSpec } from './registry.ts';
export { maxCatalogNameLength, maxJsonDepth, maxToolArgumentsBytes, maxConfigPairs, maxUrlLength, maxToolNameLength } from './fields.ts';
export { printable, textProblem } from './text.ts';
