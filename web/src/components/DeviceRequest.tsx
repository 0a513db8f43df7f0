import { useState } from 'react';
import type { SessionUser } from '../graphql/session-user.ts';
import type { DeviceAuthorizationSummary } from '../graphql/device-documents.ts';
import type { DeviceDecision } from '../graphql/device-hooks.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { Time } from './Time.tsx';

export interface DeviceRequestProps {
  request: DeviceAuthorizationSummary;
  user: SessionUser;
  submitting: boolean;
  error: string | null;
  onDecide(decision: DeviceDecision): void;
}

/** A pending device sign-in: who asks, since and until when, and the two answers. */
export function DeviceRequest({ request, user, submitting, error, onDecide }: DeviceRequestProps) {
  const [chosen, setChosen] = useState<DeviceDecision | null>(null);
  const decide = (decision: DeviceDecision) => {
    setChosen(decision);
    onDecide(decision);
  };
  return (
    <div className="device__request" role="group" aria-labelledby="device-request-title" data-testid="device-request">
      <p id="device-request-title" className="device__asks">
        <strong data-testid="device-client">{request.clientName}</strong> asks to sign in as <strong>{user.email}</strong>.
      </p>
      <dl className="device__facts">
        <dt>Code</dt>
        <dd className="mono" data-testid="device-request-code">
          {request.userCode}
        </dd>
        <dt>Requested</dt>
        <dd>
          <Time value={request.createdAt} />
        </dd>
        <dt>Valid until</dt>
        <dd data-testid="device-expires">
          <Time value={request.expiresAt} />
        </dd>
      </dl>
      <p className="muted device__note">
        Approving gives it an API token with your role ({user.role.toLowerCase()}), listed under your API tokens where you can revoke it. Deny if you did not
        start this sign-in yourself.
      </p>
      <ErrorMessage message={error} testId="device-answer-error" />
      <div className="form__actions">
        <button type="button" className="button button--primary" disabled={submitting} onClick={() => decide('approve')} data-testid="device-approve">
          {submitting && chosen === 'approve' ? 'Approving…' : 'Approve'}
        </button>
        <button type="button" className="button" disabled={submitting} onClick={() => decide('deny')} data-testid="device-deny">
          {submitting && chosen === 'deny' ? 'Denying…' : 'Deny'}
        </button>
      </div>
    </div>
  );
}
