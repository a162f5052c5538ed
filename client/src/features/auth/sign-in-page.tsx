import { loginBody } from '@followthrough/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { authQueries, signIn } from '../../api/auth';
import { isApiError } from '../../api/client';
import { FormField } from '../../components/form-field';
import { useDocumentTitle } from '../../components/page-header';

type Field = 'email' | 'password';

/** Only paths inside this app, never another site (`//evil.example`). */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}

function signInFailure(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 401) return 'That email and password do not match an account.';
    if (error.status === 429) return 'Too many attempts. Wait a minute, then try again.';
    if (error.status === 0) return error.detail ?? error.title;
    if (error.status === 400) return 'Check the email and password, then try again.';
  }
  return 'Signing in failed. Try again in a moment.';
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const me = useQuery(authQueries.me());
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const login = useMutation({
    mutationFn: signIn,
    onSuccess: async (person) => {
      // A new person may see different things: start from a clean cache.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== authQueries.all()[0] });
      queryClient.setQueryData(authQueries.me().queryKey, person);
      await navigate(next, { replace: true });
    },
    onError: () => passwordRef.current?.focus(),
  });

  const signedOut = (location.state as { signedOut?: boolean } | null)?.signedOut === true;

  // Arriving from "Sign out": forget the person and everything they could see.
  useEffect(() => {
    if (!signedOut) return;
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== authQueries.all()[0] });
    queryClient.setQueryData(authQueries.me().queryKey, null);
  }, [signedOut, queryClient]);

  if (me.data && !signedOut && !login.isPending) return <Navigate to={next} replace />;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (login.isPending) return;
    const form = new FormData(event.currentTarget);
    const parsed = loginBody.safeParse({
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    });
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'email' || field === 'password') && !found[field]) {
          found[field] = issue.message;
        }
      }
      setErrors(found);
      (found.email ? emailRef : passwordRef).current?.focus();
      return;
    }
    setErrors({});
    login.mutate(parsed.data);
  }

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Followthrough
        </p>
        <h1 tabIndex={-1}>Sign in</h1>
        <p className="muted">Every request, one accountable owner, followed through to done.</p>
        {signedOut && !login.isError ? (
          <p className="notice notice-info" role="status">
            You have signed out.
          </p>
        ) : null}
        {login.isError ? (
          <p className="notice notice-error" role="alert">
            {signInFailure(login.error)}
          </p>
        ) : null}
        <form className="form" noValidate onSubmit={handleSubmit}>
          <FormField id="sign-in-email" label="Email" error={errors.email}>
            {(control) => (
              <input
                {...control}
                ref={emailRef}
                name="email"
                type="email"
                autoComplete="username"
                inputMode="email"
                autoCapitalize="none"
                spellCheck={false}
                required
              />
            )}
          </FormField>
          <FormField id="sign-in-password" label="Password" error={errors.password}>
            {(control) => (
              <input
                {...control}
                ref={passwordRef}
                name="password"
                type="password"
                autoComplete="current-password"
                required
              />
            )}
          </FormField>
          <button
            type="submit"
            className="button button-primary button-block"
            aria-disabled={login.isPending || undefined}
          >
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
