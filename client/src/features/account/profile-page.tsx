import { changePasswordBody } from '@followthrough/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { accountQueries, changePassword, useUpdatePreferences } from '../../api/account';
import { errorMessage, isApiError } from '../../api/client';
import { setThemeChoice, type ThemeChoice, themeChoices, useThemeChoice } from '../../app/theme';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { FormField } from '../../components/form-field';
import { PageHeader } from '../../components/page-header';
import { ErrorState, LoadingState } from '../../components/states';

/** Whether notifications are also mailed, saved as soon as it is changed. */
function EmailPreference() {
  const me = useSignedInPerson();
  const current = useQuery(accountQueries.preferences());
  const save = useUpdatePreferences();
  const shown = save.isPending
    ? save.variables.emailNotifications
    : current.data?.emailNotifications;

  let status = '';
  if (save.isPending) status = 'Saving…';
  else if (save.isSuccess) {
    status = save.data.emailNotifications
      ? 'Saved: your notifications are also emailed to you.'
      : 'Saved: your notifications stay in your inbox and are no longer emailed.';
  }

  return (
    // The stylesheet spaces panels in grids only; this one follows another on its own.
    <section className="panel" aria-labelledby="email-heading" style={{ marginTop: '1rem' }}>
      <h2 id="email-heading">Email</h2>
      <p className="muted" id="email-hint">
        Your notifications always stay in your inbox here. With this on, each one is also sent to{' '}
        {me.email}, with a link to its request, once your organisation has set up mail.
      </p>
      {current.isPending ? (
        <LoadingState label="Loading your email setting…" lines={1} />
      ) : current.isError ? (
        <ErrorState
          title="Your email setting could not be loaded"
          error={current.error}
          onRetry={() => current.refetch()}
        />
      ) : (
        <div className="admin-check">
          <input
            id="email-notifications"
            type="checkbox"
            name="emailNotifications"
            checked={shown ?? true}
            aria-describedby="email-hint email-save-hint"
            onChange={(event) => {
              if (save.isPending) return;
              save.mutate({ emailNotifications: event.currentTarget.checked });
            }}
          />
          <span>
            <label htmlFor="email-notifications" className="choice-label">
              Email me my notifications
            </label>
            <span className="choice-hint" id="email-save-hint">
              Saved as soon as you change it.
            </span>
          </span>
        </div>
      )}
      {/* Present before it has anything to say, so screen readers announce what it says. */}
      <div role="status">{status ? <p className="notice notice-info">{status}</p> : null}</div>
      {save.isError ? (
        <p className="notice notice-error" role="alert">
          Your email setting was not saved: {errorMessage(save.error)}
        </p>
      ) : null}
    </section>
  );
}

const themeText: Record<ThemeChoice, { label: string; hint: string }> = {
  system: { label: 'As this device is set', hint: 'Light or dark, following your system setting.' },
  light: { label: 'Light', hint: 'Dark text on a light background.' },
  dark: { label: 'Dark', hint: 'Light text on a dark background.' },
};

/** Light or dark screens, for this browser only (it is about the device, not the account). */
function ThemePreference() {
  const choice = useThemeChoice();
  return (
    <section className="panel" aria-labelledby="theme-heading" style={{ marginTop: '1rem' }}>
      <h2 id="theme-heading">Appearance</h2>
      <fieldset className="choice-group">
        <legend>Colours on this device</legend>
        {themeChoices.map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="theme"
              value={value}
              checked={choice === value}
              onChange={() => setThemeChoice(value)}
            />
            <span>
              <span className="choice-label">{themeText[value].label}</span>
              <span className="choice-hint">{themeText[value].hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}

type Field = 'currentPassword' | 'newPassword' | 'confirm';

/** The signed-in person's own page: who they are, their password, and their email setting. */
export function ProfilePage() {
  const me = useSignedInPerson();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const refs = {
    currentPassword: useRef<HTMLInputElement>(null),
    newPassword: useRef<HTMLInputElement>(null),
    confirm: useRef<HTMLInputElement>(null),
  };
  const formRef = useRef<HTMLFormElement>(null);

  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: () => formRef.current?.reset(),
    onError: (error) => {
      if (isApiError(error) && error.status === 400) {
        const found: Partial<Record<Field, string>> = {};
        for (const e of error.problem.errors ?? []) {
          if (e.path === 'currentPassword' || e.path === 'newPassword') found[e.path] = e.message;
        }
        if (!found.currentPassword && !found.newPassword) {
          found.currentPassword = 'That is not your current password';
        }
        setErrors(found);
        refs[found.currentPassword ? 'currentPassword' : 'newPassword'].current?.focus();
      }
    },
  });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (change.isPending) return;
    const form = new FormData(event.currentTarget);
    const parsed = changePasswordBody.safeParse({
      currentPassword: String(form.get('currentPassword') ?? ''),
      newPassword: String(form.get('newPassword') ?? ''),
    });
    const found: Partial<Record<Field, string>> = {};
    for (const issue of parsed.error?.issues ?? []) {
      const field = issue.path[0];
      if ((field === 'currentPassword' || field === 'newPassword') && !found[field]) {
        found[field] = issue.message;
      }
    }
    if (!found.newPassword && form.get('newPassword') !== form.get('confirm')) {
      found.confirm = 'The two passwords differ';
    }
    const first = (['currentPassword', 'newPassword', 'confirm'] as const).find((f) => found[f]);
    setErrors(found);
    if (first || !parsed.success) {
      refs[first ?? 'newPassword'].current?.focus();
      return;
    }
    change.mutate(parsed.data);
  }

  return (
    <div className="page">
      <PageHeader title="Your profile" documentTitle="Profile">
        <p>
          {me.name} · {me.email} · {me.role}
        </p>
      </PageHeader>
      <section className="panel" aria-labelledby="password-heading">
        <h2 id="password-heading">Change your password</h2>
        <p className="muted">
          Changing it signs you out everywhere else: other browsers and devices must sign in again
          with the new one.
        </p>
        {change.isSuccess ? (
          <p className="notice notice-info" role="status">
            Your password is changed, and your other sessions have ended.
          </p>
        ) : null}
        {change.isError && !(isApiError(change.error) && change.error.status === 400) ? (
          <p className="notice notice-error" role="alert">
            Changing your password failed. Try again in a moment.
          </p>
        ) : null}
        <form ref={formRef} className="form" noValidate onSubmit={handleSubmit}>
          <FormField id="current-password" label="Current password" error={errors.currentPassword}>
            {(control) => (
              <input
                {...control}
                ref={refs.currentPassword}
                name="currentPassword"
                type="password"
                autoComplete="current-password"
                required
              />
            )}
          </FormField>
          <FormField
            id="new-password"
            label="New password"
            hint="At least 12 characters"
            error={errors.newPassword}
          >
            {(control) => (
              <input
                {...control}
                ref={refs.newPassword}
                name="newPassword"
                type="password"
                autoComplete="new-password"
                minLength={12}
                required
              />
            )}
          </FormField>
          <FormField id="confirm-password" label="The new password again" error={errors.confirm}>
            {(control) => (
              <input
                {...control}
                ref={refs.confirm}
                name="confirm"
                type="password"
                autoComplete="new-password"
                required
              />
            )}
          </FormField>
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={change.isPending || undefined}
          >
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </form>
      </section>
      <EmailPreference />
      <ThemePreference />
    </div>
  );
}
