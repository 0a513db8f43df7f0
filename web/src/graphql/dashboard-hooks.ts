import { useMemo, useRef } from 'react';
import { useQuery, useSubscription } from '@apollo/client/react';
import { activityRanges, activitySince, applyToolCall, type Activity, type ActivityLimits, type ActivityRange } from '../tool-call-activity.ts';
import { DashboardToolCallActivityDocument, DashboardToolCallRecordedDocument } from './dashboard-documents.ts';
import { errorMessage } from './errors.ts';
import { useRefetchOnReconnect } from './use-refetch-on-reconnect.ts';

/** How many busiest tools and recent calls the dashboard shows. */
export const activityLimits: ActivityLimits = { busiestTools: 8, recentCalls: 10 };

/**
 * The tool calls over `range` (from when it was chosen), then every call as it is recorded
 * (`toolCallRecorded`), counted into the cached activity by applyToolCall: no refetch, no polling. A
 * reconnection may have missed calls, so it reads the activity again.
 */
export function useToolCallActivity(range: ActivityRange): { activity: Activity | null; loading: boolean; error: string | null } {
  const variables = useMemo(
    () => ({
      since: activitySince(range, Date.now()),
      bucketMinutes: activityRanges[range].bucketMinutes,
      tools: activityLimits.busiestTools,
      calls: activityLimits.recentCalls,
    }),
    [range],
  );
  const { data, loading, error, refetch } = useQuery(DashboardToolCallActivityDocument, { variables, fetchPolicy: 'cache-and-network' });
  const variablesRef = useRef(variables);
  variablesRef.current = variables;
  const { error: liveError } = useSubscription(DashboardToolCallRecordedDocument, {
    onData: ({ client, data: event }) => {
      const call = event.data?.toolCallRecorded;
      if (!call) return;
      client.cache.updateQuery({ query: DashboardToolCallActivityDocument, variables: variablesRef.current }, (current) =>
        current ? { ...current, toolCallActivity: applyToolCall(current.toolCallActivity, call, activityLimits) } : current,
      );
    },
  });
  useRefetchOnReconnect(refetch);
  return { activity: data?.toolCallActivity ?? null, loading: loading && !data, error: errorMessage(error) ?? errorMessage(liveError) };
}
