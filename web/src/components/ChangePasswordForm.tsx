import { useState, type FormEvent } from 'react';
import { useChangePassword } from '../graphql/admin-hooks.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { TextField } from './TextField.tsx';

export function ChangePasswordForm() {
  const { change, submitting, error, reset } = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const [done, setDone] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    reset();
    setDone(false);
    const found: typeof errors = {};
    if (!current) found.current = 'Enter your current password.';
    if (next.length < 8) found.next = 'Use at least 8 characters.';
    else if (next === current) found.next = 'Choose a password different from the current one.';
    if (confirm !== next) found.confirm = 'The two new passwords differ.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (await change(current, next)) {
      setDone(true);
      setCurrent('');
      setNext('');
      setConfirm('');
    }
  };

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="change-password-form">
      <div className="form__grid">
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={errors.current}
          testId="password-current"
        />
        <TextField label="New password" type="password" autoComplete="new-password" value={next} onChange={setNext} error={errors.next} testId="password-new" />
        <TextField
          label="Repeat the new password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={setConfirm}
          error={errors.confirm}
          testId="password-confirm"
        />
      </div>
      <ErrorMessage message={error} testId="password-error" />
      {done ? (
        <p className="success" role="status" data-testid="password-changed">
          Your password was changed.
        </p>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submitting} data-testid="password-submit">
          {submitting ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
