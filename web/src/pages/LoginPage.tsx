import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLogin } from '../graphql/hooks.ts';

export function LoginPage() {
  const { login, submitting, error } = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    void login(email.trim(), password);
  };

  return (
    <main className="login">
      <form className="card login__card" onSubmit={onSubmit} aria-labelledby="login-title" noValidate>
        <div className="login__brand" aria-hidden="true">◆</div>
        <h1 id="login-title">Sign in to MCP Portal</h1>
        <label className="field">
          <span>Email</span>
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        <ErrorMessage message={error} testId="login-error" />
        <button type="submit" className="button button--primary button--block" disabled={submitting || !email || !password} data-testid="login-submit">
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
