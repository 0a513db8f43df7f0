import { useState, type FormEvent } from 'react';
import { isEmailAddress } from '@mcp-portal/schema/email';
import type { Role } from '../gql/graphql.ts';
import { roles, useCreateUser, type FieldErrors, type UserField } from '../graphql/admin-hooks.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { FieldError } from './FieldError.tsx';
import { TextField } from './TextField.tsx';
import { RoleSelect } from './RoleSelect.tsx';

function validate(email: string, password: string): FieldErrors<UserField> {
  const errors: FieldErrors<UserField> = {};
  if (!email) errors.email = 'Enter an email address.';
  else if (!isEmailAddress(email.trim())) errors.email = 'Enter a valid email address, like name@example.com or name@localhost.';
  if (!password) errors.password = 'Enter a password.';
  else if (password.length < 8) errors.password = 'Use at least 8 characters.';
  return errors;
}

export function CreateUserForm() {
  const { create, submitting } = useCreateUser();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('VIEWER');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<UserField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setCreated(null);
    setFormError(null);
    const trimmed = email.trim();
    const errors = validate(trimmed, password);
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const outcome = await create({ email: trimmed, password, role, displayName: displayName.trim() || null });
    if (outcome.ok) {
      setCreated(outcome.user.email);
      setEmail('');
      setDisplayName('');
      setPassword('');
      setRole('VIEWER');
    } else {
      setFieldErrors(outcome.fieldErrors);
      setFormError(outcome.formError);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="create-user-form" aria-labelledby="create-user-title">
      <h3 id="create-user-title" className="form__title">
        Create a user
      </h3>
      <div className="form__grid">
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={setEmail}
          error={fieldErrors.email}
          testId="new-user-email"
        />
        <TextField
          label={
            <>
              Display name <span className="muted">(optional)</span>
            </>
          }
          name="displayName"
          autoComplete="off"
          value={displayName}
          onChange={setDisplayName}
          error={fieldErrors.displayName}
          errorId="new-user-displayName-error"
          testId="new-user-display-name"
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={fieldErrors.password}
          hint="At least 8 characters."
          testId="new-user-password"
        />
        <label className="field">
          <span>Role</span>
          <RoleSelect
            value={role}
            options={roles}
            onChange={setRole}
            testId="new-user-role"
            invalid={Boolean(fieldErrors.role)}
            describedBy={fieldErrors.role ? 'new-user-role-error' : undefined}
          />
          <FieldError id="new-user-role-error" message={fieldErrors.role} />
        </label>
      </div>
      <ErrorMessage message={formError} testId="new-user-error" />
      {created ? (
        <p className="success" role="status" data-testid="new-user-created">
          Created {created}.
        </p>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submitting} data-testid="new-user-submit">
          {submitting ? 'Creating…' : 'Create user'}
        </button>
      </div>
    </form>
  );
}
