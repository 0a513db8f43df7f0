import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { SessionUser } from '../graphql/session-user.ts';
import { DeviceRequest } from '../components/DeviceRequest.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { TextField } from '../components/TextField.tsx';
import { isCompleteUserCode, normalizeUserCode } from '../device-code.ts';
import { useAnswerDeviceLogin, useDeviceAuthorization, type DeviceDecision } from '../graphql/device-hooks.ts';
import { paths } from '../paths.ts';

interface Answered {
  decision: DeviceDecision;
  clientName: string;
}

const completeOrNull = (code: string) => (isCompleteUserCode(code) ? code : null);

/**
 * Approving a `docker mcp login`: the CLI shows a code and links here with `?code=`. The page shows which
 * client asks and until when; approving hands that client an API token with the user's role.
 */
export function DevicePage({ user }: { user: SessionUser }) {
  const [query] = useSearchParams();
  const [input, setInput] = useState(() => normalizeUserCode(query.get('code') ?? ''));
  const [inputError, setInputError] = useState<string | null>(null);
  const [answered, setAnswered] = useState<Answered | null>(null);
  const code = answered ? null : completeOrNull(input);
  const lookup = useDeviceAuthorization(code);
  const decision = useAnswerDeviceLogin();

  const onInput = (value: string) => {
    setInput(normalizeUserCode(value));
    setInputError(null);
    decision.reset();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!code) setInputError('Enter the eight letters your terminal shows, like ABCD-EFGH.');
  };

  const onDecide = async (choice: DeviceDecision) => {
    const clientName = lookup.authorization?.clientName;
    if (!code || !clientName || decision.submitting) return;
    if (await decision.answer(code, choice)) setAnswered({ decision: choice, clientName });
  };

  return (
    <section className="card device" aria-labelledby="device-title" data-testid="device-page">
      <div className="card__head">
        <h2 id="device-title">Approve a device sign-in</h2>
      </div>
      {answered?.decision === 'approve' ? (
        <div className="success device__outcome" role="status" data-testid="device-approved">
          <strong>Done — return to your terminal.</strong> {answered.clientName} is now signed in as you. Its token is listed under{' '}
          <NavLink to={paths.tokens} className="device__link">
            API tokens
          </NavLink>
          , where you can revoke it.
        </div>
      ) : answered?.decision === 'deny' ? (
        <div className="device__outcome device__outcome--denied" role="status" data-testid="device-denied">
          <strong>Denied.</strong> {answered.clientName} was refused and is not signed in. You can close this page.
        </div>
      ) : (
        <>
          <p className="card__intro muted">
            A terminal running <span className="mono">docker mcp login</span> asks to act as you. Check that the code is the one it shows.
          </p>
          <form className="device__form" onSubmit={onSubmit} noValidate aria-label="Device code">
            <TextField
              label="Code"
              name="code"
              value={input}
              onChange={onInput}
              error={inputError}
              placeholder="ABCD-EFGH"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              className="mono"
              testId="device-code"
            />
            <button type="submit" className="button" data-testid="device-continue">
              Continue
            </button>
          </form>
          {lookup.checking ? (
            <p className="muted" role="status">
              Checking the code…
            </p>
          ) : null}
          <ErrorMessage message={lookup.error} testId="device-error" />
          {lookup.checked && !lookup.authorization ? (
            <p className="error" role="alert" data-testid="device-unknown">
              The code {code} is unknown, has expired or was already answered. Run <span className="mono">docker mcp login</span> again for a new one.
            </p>
          ) : null}
          {lookup.authorization ? (
            <DeviceRequest
              request={lookup.authorization}
              user={user}
              submitting={decision.submitting}
              error={decision.error}
              onDecide={(choice) => void onDecide(choice)}
            />
          ) : null}
        </>
      )}
    </section>
  );
}
