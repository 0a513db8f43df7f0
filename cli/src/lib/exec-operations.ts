/**
 * The GraphQL documents of `docker mcp exec` (issue 15): the executor's runs of allow-listed commands, listed,
 * read with their stored output, followed live (graphql-ws) and cancelled. Typed by codegen like lib/operations.ts.
 */
import { graphql } from '../gql/index.ts';
import { PortalError } from './errors.ts';
import type { CliExecutionFragment, CliExecutionOutputChunkFragment, CliExecutionQuery, ExecutionStatus } from '../gql/graphql.ts';

/** What `exec ls` and `exec cancel` show of a run (no output). */
export type ExecutionView = CliExecutionFragment;
/** One piece of a run's output, in order. */
export type ExecutionChunkView = CliExecutionOutputChunkFragment;
/** A run with its stored output, as `exec show` reads it. */
export type ExecutionWithOutput = NonNullable<CliExecutionQuery['execution']>;

/** The statuses a run ends in: nothing changes after them. */
export const endedStatuses: readonly ExecutionStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];
export const isEnded = (execution: Pick<ExecutionView, 'status'>) => endedStatuses.includes(execution.status);

/** The most chunks the router gives back at once (`output(last)` and the subscription's replay). */
export const MAX_OUTPUT_CHUNKS = 5000;

graphql(`
  fragment CliExecution on Execution {
    id
    command
    argv
    arguments
    status
    exitCode
    message
    startedBy { id email }
    startedAt
    runningAt
    finishedAt
    queuePosition
    outputBytes
    outputLines
    outputTruncated
  }
`);

graphql(`
  fragment CliExecutionOutputChunk on ExecutionOutputChunk {
    id
    seq
    stream
    text
    at
  }
`);

/** Newest first; a non-admin's answer holds only their own runs. */
export const executionsQuery = graphql(`
  query CliExecutions($filter: ExecutionFilter, $first: Int, $after: String) {
    executions(filter: $filter, first: $first, after: $after) {
      executions { ...CliExecution }
      endCursor
      hasNextPage
    }
  }
`);

/** One run with the last `last` chunks of its output (null when there is none the caller may see). */
export const executionQuery = graphql(`
  query CliExecution($id: ID!, $last: Int) {
    execution(id: $id) {
      ...CliExecution
      output(last: $last) { ...CliExecutionOutputChunk }
    }
  }
`);

export const cancelExecutionMutation = graphql(`
  mutation CliCancelExecution($id: ID!) {
    cancelExecution(id: $id) { ...CliExecution }
  }
`);

/** The last `last` chunks already printed, then each new one. */
export const executionOutputSubscription = graphql(`
  subscription CliExecutionOutput($id: ID!, $last: Int) {
    executionOutput(id: $id, last: $last) { ...CliExecutionOutputChunk }
  }
`);

/** Each change of one run: queue position, running, ended. */
export const executionChangedSubscription = graphql(`
  subscription CliExecutionChanged($id: ID) {
    executionChanged(id: $id) { ...CliExecution }
  }
`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Run ids are UUIDs: anything else cannot name one. */
export const isExecutionId = (id: string) => UUID.test(id.trim());

/** NOT_FOUND: there is no such run, or it is another user's (the API does not say which). */
export function unknownExecutionError(id: string, verb: 'see' | 'cancel'): PortalError {
  return new PortalError(`There is no run ${id} that you may ${verb}: see \`docker mcp exec ls\`.`, { code: 'NOT_FOUND' });
}
