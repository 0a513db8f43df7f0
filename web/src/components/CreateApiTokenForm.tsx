import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Role } from '../gql/graphql.ts';
import { rolesUpTo, useCreateApiToken } from '../graphql/admin-hooks.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { TextField } from './TextField.tsx';
import { NewTokenBox } from './NewTokenBox.tsx';
import { RoleSelect } from './RoleSelect.tsx';

const maxDays = 365;

export function CreateApiTokenForm({ myRole }: { myRole: Role }) {
  const { create, submitting, error, reset } = useCreateApiToken();
  const options = useMemo(() => rolesUpTo(myRole), [myRole]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(options[options.length - 1] ?? 'VIEWER');
  const [days, setDays] = useState('90');
  const [errors, setErrors] = useState<{ name?: string; days?: string }>({});
  const [created, setCreated] = useState<{ name: string; token: string; id: string } | null>(null);

  // The role list shrinks if the user's own role does (the choice must stay allowed).
  useEffect(() => {
    if (!options.includes(role)) setRole(options[options.length - 1] ?? 'VIEWER');
  }, [options, role]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    reset();
    const trimmed = name.trim();
    const dayCount = Number(days);
    const next: typeof errors = {};
    if (!trimmed) next.name = 'Give the token a name, like “laptop CLI”.';
    else if (trimmed.length > 100) next.name = 'Use at most 100 characters.';
    if (!Number.isInteger(dayCount) || dayCount < 1 || dayCount > maxDays) next.days = `Enter a whole number of days from 1 to ${maxDays}.`;
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const result = await create(trimmed, role, dayCount);
    if (result) {
      setCreated({ name: result.apiToken.name, token: result.token, id: result.apiToken.id });
      setName('');
    }
  };

  return (
    <>
      {created ? <NewTokenBox name={created.name} token={created.token} tokenId={created.id} onDismiss={() => setCreated(null)} /> : null}
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="create-token-form" aria-labelledby="create-token-title">
        <h3 id="create-token-title" className="form__title">
          Create a token
        </h3>
        <div className="form__grid">
          <TextField label="Name" name="name" autoComplete="off" value={name} onChange={setName} error={errors.name} testId="new-token-name" />
          <label className="field">
            <span>Role</span>
            <RoleSelect value={role} options={options} onChange={setRole} testId="new-token-role" />
          </label>
          <TextField
            label="Expires in (days)"
            name="days"
            type="number"
            min={1}
            max={maxDays}
            step={1}
            value={days}
            onChange={setDays}
            error={errors.days}
            testId="new-token-days"
          />
        </div>
        <ErrorMessage message={error} testId="new-token-error" />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submitting} data-testid="new-token-submit">
            {submitting ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
    </>
  );
}
