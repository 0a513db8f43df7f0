import { graphql } from '../gql/index.ts';
import type { ExecutionFieldsFragment, ExecutionOutputChunkFieldsFragment, ExecutorCommandsQuery } from '../gql/graphql.ts';

/**
 * The Run page's documents (the CLI executor): the commands the caller may run, running and cancelling one,
 * the history and one run with its output; their types are generated (`npm run codegen`). Every answer and
 * every `executionChanged` event spreads `ExecutionFields`, so Apollo's `Execution:<id>` stays current in
 * every view.
 */

export type { ExecutionFilter, ExecutionOutputStream, ExecutionStatus, ExecutionsQuery } from '../gql/graphql.ts';
export type ExecutionSummary = ExecutionFieldsFragment;
export type ExecutionOutputChunk = ExecutionOutputChunkFieldsFragment;
export type ExecutorCommand = ExecutorCommandsQuery['executorCommands'][number];

graphql(`
  fragment ExecutionFields on Execution {
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
  fragment ExecutionOutputChunkFields on ExecutionOutputChunk {
    id
    seq
    stream
    text
    at
  }
`);

/** What the caller's role may run, each with the JSON Schema its form is generated from. */
export const ExecutorCommandsDocument = graphql(`
  query ExecutorCommands {
    executorCommands { name summary minimumRole argumentsSchema }
  }
`);

export const RunCommandDocument = graphql(`
  mutation RunCommand($command: String!, $args: JSON) {
    runCommand(command: $command, args: $args) { ...ExecutionFields }
  }
`);

export const CancelExecutionDocument = graphql(`
  mutation CancelExecution($id: ID!) {
    cancelExecution(id: $id) { ...ExecutionFields }
  }
`);

/** Newest first, one page per `after`: the caller's own (admins: everyone's, or one user's with `startedBy`). */
export const ExecutionsDocument = graphql(`
  query Executions($filter: ExecutionFilter, $first: Int, $after: String) {
    executions(filter: $filter, first: $first, after: $after) {
      executions { ...ExecutionFields }
      endCursor
      hasNextPage
    }
  }
`);

export const ExecutionDocument = graphql(`
  query Execution($id: ID!) {
    execution(id: $id) { ...ExecutionFields }
  }
`);

/** One run's changes (`id`), or every run the caller may see (no `id`). */
export const ExecutionChangedDocument = graphql(`
  subscription ExecutionChanged($id: ID) {
    executionChanged(id: $id) { ...ExecutionFields }
  }
`);

/** The stored chunks first (the last `last`), then each new one. */
export const ExecutionOutputDocument = graphql(`
  subscription ExecutionOutput($id: ID!, $last: Int) {
    executionOutput(id: $id, last: $last) { ...ExecutionOutputChunkFields }
  }
`);
