import { useCallback } from 'react';
import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import { ApproveDeviceLoginDocument, DenyDeviceLoginDocument, DeviceAuthorizationDocument, type DeviceAuthorizationSummary } from './device-documents.ts';
import { errorMessage } from './errors.ts';

export type DeviceDecision = 'approve' | 'deny';

/**
 * The pending device sign-in with this user code, asked afresh each time (it expires and can be
 * answered elsewhere). `authorization` is null once checked when the code is unknown, expired or answered.
 */
export function useDeviceAuthorization(userCode: string | null): {
  authorization: DeviceAuthorizationSummary | null;
  checking: boolean;
  checked: boolean;
  error: string | null;
} {
  const { data, loading, error } = useQuery(DeviceAuthorizationDocument, userCode ? { variables: { userCode }, fetchPolicy: 'network-only' } : skipToken);
  return {
    authorization: data?.deviceAuthorization ?? null,
    checking: loading,
    checked: Boolean(userCode) && !loading && !error && data !== undefined,
    error: errorMessage(error),
  };
}

/** Approves (the CLI then receives an API token with the user's role) or denies a device sign-in. */
export function useAnswerDeviceLogin() {
  const [approve, approval] = useMutation(ApproveDeviceLoginDocument);
  const [deny, denial] = useMutation(DenyDeviceLoginDocument);
  const { reset: resetApproval } = approval;
  const { reset: resetDenial } = denial;

  const answer = useCallback(
    async (userCode: string, decision: DeviceDecision): Promise<boolean> => {
      try {
        if (decision === 'approve') return (await approve({ variables: { userCode } })).data?.approveDeviceLogin === true;
        return (await deny({ variables: { userCode } })).data?.denyDeviceLogin === true;
      } catch {
        return false; // the hook's `error` carries the message
      }
    },
    [approve, deny],
  );
  const reset = useCallback(() => {
    resetApproval();
    resetDenial();
  }, [resetApproval, resetDenial]);

  return { answer, submitting: approval.loading || denial.loading, error: errorMessage(approval.error ?? denial.error), reset };
}
