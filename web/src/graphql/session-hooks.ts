import { useCallback, useEffect, useState } from 'react';
import { useSession } from './provider.tsx';
import { sessionPaths } from '@mcp-portal/schema/contract';

/** Signs in with a local account; `error` is the server's message (wrong password, too many attempts…). */
export function useSignIn() {
  const { signIn } = useSession();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = useCallback(
    async (email: string, password: string): Promise<boolean> => {
      setSubmitting(true);
      setError(null);
      try {
        const refusal = await signIn(email, password);
        setError(refusal);
        return refusal === null;
      } finally {
        setSubmitting(false);
      }
    },
    [signIn],
  );
  return { signIn: submit, submitting, error, reset: useCallback(() => setError(null), []) };
}

export interface SingleSignOn {
  /** The provider's name as the button says it: "Sign in with Microsoft". */
  name: string;
  loginUrl: string;
}

interface ProvidersAnswer {
  local: boolean;
  oidc: SingleSignOn | null;
}

/** The single sign-on provider the server offers, if any (GET /auth/providers); null until known. */
export function useSingleSignOn(): SingleSignOn | null {
  const [provider, setProvider] = useState<SingleSignOn | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetch(sessionPaths.providers, { signal: controller.signal, cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<ProvidersAnswer>) : null))
      .then((answer) => {
        const oidc = answer?.oidc;
        setProvider(oidc && typeof oidc.name === 'string' && typeof oidc.loginUrl === 'string' && oidc.loginUrl.startsWith('/') ? oidc : null);
      })
      // Without the list the local form still works: no button, nothing to report.
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  return provider;
}
