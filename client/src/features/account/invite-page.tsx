import { acceptInviteBody } from '@followthrough/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { acceptInvite } from '../../api/account';
import { authQueries } from '../../api/auth';
import { isApiError } from '../../api/client';
import { FormField } from '../../components/form-field';
import { useDocumentTitle } from '../../components/page-header';

/** The link's secret travels in its fragment (`/invite#…`), which no server ever sees. */
export function inviteTokenOf(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, '')).trim();
}

function failure(error: unknown): string {
  if (isApiError(error) && error.status === 400) {
    return error.code === 'VALIDATION_FAILED'
      ? 'Check the password, then try again.'
      : 'This invite link no longer works: it was used, replaced by a newer one, or is over 7 days old. Ask an admin for a new one.';
  }
  return 'Setting your password failed. Try again in a moment.';
}

/** Where an invited person chooses their password and is signed in. */
export function InvitePage() {
  useDocumentTitle('Set your password');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [token] = useState(() => inviteTokenOf(window.location.hash));
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const accept = useMutation({
    mutationFn: acceptInvite,
    onSuccess: async (person) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== authQueries.all()[0] });
      queryClient.setQueryData(authQueries.me().queryKey, person);
      await navigate('/', { replace: true });
    },
    onError: () => passwordRef.current?.focus(),
  });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (accept.isPending) return;
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    const parsed = acceptInviteBody.safeParse({ token, password });
    if (!parsed.success) {
      const issue = parsed.error.issues.find((i) => i.path[0] === 'password');
      setErrors({ password: issue?.message ?? 'Check the password' });
      passwordRef.current?.focus();
      return;
    }
    if (password !== String(form.get('confirm') ?? '')) {
      setErrors({ confirm: 'The two passwords differ' });
      confirmRef.current?.focus();
      return;
    }
    setErrors({});
    accept.mutate(parsed.data);
  }

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Followthrough
        </p>
        <h1 tabIndex={-1}>Set your password</h1>
        {token === '' ? (
          <p className="notice notice-error" role="alert">
            This link is incomplete: open the whole invite link you were sent, or ask an admin for a
            new one. <Link to="/sign-in">Sign in</Link> if you already have a password.
          </p>
        ) : (
          <>
            <p className="muted">
              You were invited to Followthrough. Choose a password of at least 12 characters; a few
              words you will remember work well.
            </p>
            {accept.isError ? (
              <p className="notice notice-error" role="alert">
                {failure(accept.error)}
              </p>
            ) : null}
            <form className="form" noValidate onSubmit={handleSubmit}>
              <FormField
                id="invite-password"
                label="New password"
                hint="At least 12 characters"
                error={errors.password}
              >
                {(control) => (
                  <input
                    {...control}
                    ref={passwordRef}
                    name="password"
                    type="password"
                    autoComplete="new-password"
                    minLength={12}
                    required
                  />
                )}
              </FormField>
              <FormField id="invite-confirm" label="The same password again" error={errors.confirm}>
                {(control) => (
                  <input
                    {...control}
                    ref={confirmRef}
                    name="confirm"
                    type="password"
                    autoComplete="new-password"
                    required
                  />
                )}
              </FormField>
              <button
                type="submit"
                className="button button-primary button-block"
                aria-disabled={accept.isPending || undefined}
              >
                {accept.isPending ? 'Setting your password…' : 'Set password and sign in'}
              </button>
            </form>
          </>
        )}
      </div>
    </main>
  );
}
