export {
  basePath,
  defaultPrlimitPath,
  prlimitArguments,
  runnerStats,
  runProcess,
  RunOptionsError,
  type OutputChunk,
  type OutputStream,
  type ResourceLimits,
  type RunOptions,
  type RunResult,
  type RunStatus,
  type SpawnFunction,
} from './run-process.ts';
export {
  ExecutionQueue,
  QueueCancelledError,
  QueueFullError,
  type ExecutionQueueOptions,
  type JobState,
  type QueuedJob,
  type QueuedPosition,
} from './queue.ts';
