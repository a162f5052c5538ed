import {
  type ApiToken,
  type CreatedToken,
  createTokenBody,
  type Person,
} from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import {
  type FormEvent,
  type MouseEvent,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Link } from 'react-router';
import { adminQueries, useIssueToken, useRevokeToken } from '../../api/admin';
import { directoryQueries } from '../../api/directory';
import { ActionDialog } from '../../components/actions/action-dialog';
import { FormField } from '../../components/form-field';
import { PageHeader } from '../../components/page-header';
import { PeoplePicker } from '../../components/people-picker';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { formatDateTime, isPast } from '../../lib/time';
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  roleLabels,
  serverErrors,
  validate,
} from './admin-forms';
import {
  ConfirmDialog,
  copyText,
  FlashRegion,
  useFlash,
  useFocusOnOpen,
  WriteError,
} from './admin-ui';

interface Values {
  personId: string;
  name: string;
  /** A day as the date input gives it ("2026-03-12"), or empty: no expiry. */
  expiresOn: string;
}

const fields = ['personId', 'name', 'expiresAt'] as const;
const fieldId = (field: string) => `token-${field}`;

const pad = (n: number) => String(n).padStart(2, '0');

/** Today as a date input's value, in the admin's own time zone. */
export function todayInput(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The last minute of a chosen day, local time, as ISO: a token works through the day shown. */
export function endOfDay(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Checks an issue with the contract's schema, in words an admin reads at a glance. */
export function validateToken(values: Values, now = new Date()) {
  const expiresAt = values.expiresOn ? (endOfDay(values.expiresOn) ?? values.expiresOn) : undefined;
  const checked = validate(createTokenBody, {
    personId: values.personId,
    name: values.name,
    ...(expiresAt ? { expiresAt } : {}),
  });
  const errors = { ...checked.errors };
  if (!values.personId) errors.personId = 'Choose the person the token acts as';
  if (errors.expiresAt) errors.expiresAt = 'Enter a day, or leave it empty';
  else if (values.expiresOn && values.expiresOn < todayInput(now)) {
    errors.expiresAt = 'Choose today or a later day';
  }
  if (Object.keys(errors).length > 0) return { data: undefined, errors };
  return { data: checked.data, errors };
}

/** The secret of a token just issued: said plainly that this is the only time it is shown. */
function TokenSecret({ token, person }: { token: CreatedToken; person: string }) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  return (
    <div className="token-secret">
      <div className="notice notice-warn">
        <p className="notice-title">Copy the secret now: it will not be shown again.</p>
        <p>
          Nobody can see it after you close this, admins included. If it is lost, revoke the token
          and issue a new one.
        </p>
      </div>
      <p>
        Put it in the settings of the API client “{token.name}”. The client sends it as{' '}
        <code>Authorization: Bearer …</code> and acts as {person}, with their role.
      </p>
      <div className="field">
        <label className="field-label" htmlFor={inputId}>
          Secret
        </label>
        <div className="copy-row">
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            readOnly
            spellCheck={false}
            autoComplete="off"
            value={token.token}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            className="button button-primary"
            onClick={async () =>
              setCopied((await copyText(token.token, inputRef.current)) ? 'yes' : 'no')
            }
          >
            Copy secret
          </button>
        </div>
        <p className="field-hint" role="status">
          {copied === 'yes'
            ? 'Copied. Paste it into the API client’s settings.'
            : copied === 'no'
              ? 'This browser would not copy it: the secret is selected, copy it with Ctrl+C or ⌘C.'
              : ''}
        </p>
      </div>
    </div>
  );
}

/** Issues a token to an active person, then shows its secret once. */
function IssueDialog({
  people,
  opener,
  onClose,
  onDone,
}: {
  people: readonly Person[];
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [values, setValues] = useState<Values>({ personId: '', name: '', expiresOn: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [issued, setIssued] = useState<CreatedToken | null>(null);
  const issue = useIssueToken();
  useFocusOnOpen(fieldId('personId'));
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? 'its person';

  function change(next: Values) {
    setValues(next);
    // Once a submit has shown errors, keep them true as the admin types.
    if (submitted) setErrors(validateToken(next).errors);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (issue.isPending) return;
    setSubmitted(true);
    const checked = validateToken(values);
    setErrors(checked.errors);
    if (!checked.data) {
      focusFirstError(checked.errors, fields, fieldId);
      return;
    }
    issue.mutate(checked.data, {
      onSuccess: setIssued,
      onError: (error) => {
        const found = serverErrors(error);
        setErrors(found);
        focusFirstError(found, fields, fieldId);
      },
    });
  }

  if (issued) {
    const finish = () =>
      onDone(`${issued.name} was issued to ${nameOf(issued.personId)}. Its secret is not kept.`);
    return (
      <ActionDialog
        id="token-dialog"
        title={`${issued.name} was issued`}
        onClose={finish}
        returnFocus={opener}
      >
        <TokenSecret token={issued} person={nameOf(issued.personId)} />
        <div className="form-actions">
          <button type="button" className="button button-secondary" onClick={finish}>
            Done
          </button>
        </div>
      </ActionDialog>
    );
  }

  const generalError = issue.isError && !hasFieldErrors(errors, fields) ? issue.error : null;

  return (
    <ActionDialog id="token-dialog" title="Issue a token" onClose={onClose} returnFocus={opener}>
      <form className="form" noValidate onSubmit={handleSubmit}>
        {generalError ? <WriteError title="No token was issued" error={generalError} /> : null}
        <FormField
          id={fieldId('personId')}
          label="Acts as"
          hint="The API client can do what this person can, with their role."
          error={errors.personId}
        >
          {(control) => (
            <PeoplePicker
              {...control}
              label="Acts as"
              placeholder="Type a name, email or team"
              value={values.personId}
              onChange={(id) => change({ ...values, personId: id })}
            />
          )}
        </FormField>
        <FormField
          id={fieldId('name')}
          label="Name"
          hint="What it is for, so you know which one to revoke: e.g. Front desk kiosk."
          error={errors.name}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              value={values.name}
              onChange={(e) => change({ ...values, name: e.target.value })}
            />
          )}
        </FormField>
        <FormField
          id={fieldId('expiresAt')}
          label="Works until"
          optional
          hint="It stops working at the end of this day. Leave it empty for a token that works until it is revoked."
          error={errors.expiresAt}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              min={todayInput()}
              value={values.expiresOn}
              onChange={(e) => change({ ...values, expiresOn: e.target.value })}
            />
          )}
        </FormField>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={issue.isPending || undefined}
          >
            {issue.isPending ? 'Issuing…' : 'Issue token'}
          </button>
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}

/** What revoking does, said before it is done. */
function RevokeDialog({
  token,
  person,
  opener,
  onClose,
  onDone,
}: {
  token: ApiToken;
  person: string;
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const revoke = useRevokeToken();
  return (
    <ConfirmDialog
      id="token-revoke"
      title={`Revoke ${token.name}?`}
      confirmLabel={`Revoke ${token.name}`}
      busyLabel="Revoking…"
      pending={revoke.isPending}
      error={revoke.error}
      errorTitle={`${token.name} was not revoked`}
      opener={opener}
      onClose={onClose}
      onConfirm={() =>
        revoke.mutate(token.id, { onSuccess: () => onDone(`${token.name} was revoked.`) })
      }
    >
      <p>
        API clients using it stop working at once: their next call is refused. {person} keeps their
        own access.
      </p>
      <p>This cannot be undone. To let a client in again, issue it a new token.</p>
    </ConfirmDialog>
  );
}

function TokenRow({
  token,
  person,
  onRevoke,
}: {
  token: ApiToken;
  person: Person | undefined;
  onRevoke: (event: MouseEvent<HTMLButtonElement>) => void;
}) {
  const expired = token.expiresAt !== null && isPast(token.expiresAt);
  return (
    <li className={expired ? 'admin-row is-inactive' : 'admin-row'}>
      <div className="admin-row-main">
        <p className="admin-row-title">
          <span className="admin-row-name">{token.name}</span>{' '}
          {expired ? <span className="badge badge-inactive">Expired</span> : null}
        </p>
        <dl className="admin-facts">
          <div>
            <dt>Acts as</dt>
            <dd>
              {person ? `${person.name} (${roleLabels[person.role]})` : 'Someone no longer listed'}
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(token.createdAt)}</dd>
          </div>
          <div>
            <dt>{expired ? 'Expired' : 'Expires'}</dt>
            <dd>{token.expiresAt ? formatDateTime(token.expiresAt) : 'Never: until revoked'}</dd>
          </div>
          <div>
            <dt>Last used</dt>
            <dd>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</dd>
          </div>
        </dl>
      </div>
      <div className="admin-row-actions">
        <button
          type="button"
          className="button button-quiet button-danger-quiet button-small"
          onClick={onRevoke}
        >
          Revoke<span className="visually-hidden"> {token.name}</span>
        </button>
        <Link
          className="admin-history-link"
          to={`/admin/audit?type=token&entity=${encodeURIComponent(token.id)}`}
        >
          History<span className="visually-hidden"> of {token.name}</span>
        </Link>
      </div>
    </li>
  );
}

type Dialog =
  | { kind: 'issue'; opener: HTMLElement | null }
  | { kind: 'revoke'; token: ApiToken; opener: HTMLElement | null };

/** Admin › API tokens: issue a token to an API client, see which are in use, revoke them. */
export function TokensPage() {
  const tokens = useQuery(adminQueries.tokens());
  const people = useQuery(directoryQueries.people());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [revokedId, setRevokedId] = useState<string | null>(null);
  const issueRef = useRef<HTMLButtonElement>(null);
  const { flash, say, clear } = useFlash();

  // Once a revoked token's row is gone, so is the button focus went back to: keep it on the page.
  useEffect(() => {
    if (!revokedId || tokens.data?.some((t) => t.id === revokedId)) return;
    if (!document.activeElement || document.activeElement === document.body) {
      issueRef.current?.focus();
    }
    setRevokedId(null);
  }, [revokedId, tokens.data]);

  const byId = useMemo(() => new Map((people.data ?? []).map((p) => [p.id, p])), [people.data]);
  // Inactive people are not offered: the server refuses them a token anyway.
  const active = useMemo(() => (people.data ?? []).filter((p) => p.active), [people.data]);
  const close = () => setDialog(null);
  const done = (message: string) => {
    setDialog(null);
    say(message);
  };

  return (
    <>
      <PageHeader
        title="API tokens"
        documentTitle="API tokens · Admin"
        eyebrow="Admin"
        actions={
          <button
            ref={issueRef}
            type="button"
            className="button button-primary"
            onClick={(e) => setDialog({ kind: 'issue', opener: e.currentTarget })}
          >
            Issue a token
          </button>
        }
      >
        <p>
          A token lets an API client act as one person, with their role. Give each client its own,
          and revoke it when the client no longer needs it.
        </p>
      </PageHeader>

      <FlashRegion flash={flash} onDismiss={clear} />

      <section aria-label="API tokens" className="results">
        {tokens.isPending ? (
          <LoadingState label="Loading tokens…" lines={4} />
        ) : tokens.isError ? (
          <ErrorState
            title="Tokens could not be loaded"
            error={tokens.error}
            onRetry={() => tokens.refetch()}
          />
        ) : tokens.data.length === 0 ? (
          <EmptyState title="No API tokens">
            <p>Issue one when an API client, such as a kiosk or a script, needs to call the API.</p>
          </EmptyState>
        ) : (
          <>
            <p className="results-count">
              {tokens.data.length} {tokens.data.length === 1 ? 'token' : 'tokens'} in use
            </p>
            <ul className="admin-list">
              {tokens.data.map((token) => (
                <TokenRow
                  key={token.id}
                  token={token}
                  person={byId.get(token.personId)}
                  onRevoke={(e) => setDialog({ kind: 'revoke', token, opener: e.currentTarget })}
                />
              ))}
            </ul>
          </>
        )}
      </section>

      {dialog?.kind === 'issue' ? (
        <IssueDialog people={active} opener={dialog.opener} onClose={close} onDone={done} />
      ) : dialog?.kind === 'revoke' ? (
        <RevokeDialog
          token={dialog.token}
          person={byId.get(dialog.token.personId)?.name ?? 'Its person'}
          opener={dialog.opener}
          onClose={close}
          onDone={(message) => {
            setRevokedId(dialog.token.id);
            done(message);
          }}
        />
      ) : null}
    </>
  );
}
