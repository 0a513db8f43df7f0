import { graphql } from '../gql/index.ts';

/**
 * The dashboard's tool-call documents; their types are generated (`npm run codegen`). The subscription
 * selects what the query's recent calls do, so each event can join them as it is.
 */

graphql(`
  fragment DashboardToolCallFields on ToolCallEvent {
    id
    at
    serverId
    server
    tool
    outcome
    durationMs
    via
  }
`);

export const DashboardToolCallActivityDocument = graphql(`
  query DashboardToolCallActivity($since: DateTime, $bucketMinutes: Int, $tools: Int, $calls: Int) {
    toolCallActivity(since: $since, bucketMinutes: $bucketMinutes) {
      since
      bucketMinutes
      totalCalls
      totalErrors
      buckets { start serverId server calls errors }
      busiestTools(first: $tools) { serverId server tool calls errors lastCalledAt }
      recentCalls(first: $calls) { ...DashboardToolCallFields }
    }
  }
`);

export const DashboardToolCallRecordedDocument = graphql(`
  subscription DashboardToolCallRecorded {
    toolCallRecorded { ...DashboardToolCallFields }
  }
`);
