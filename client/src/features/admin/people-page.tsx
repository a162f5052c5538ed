import type { Invite, Person, Team } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { type MouseEvent, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useInvitePerson, useUpdatePerson } from '../../api/admin';
import { directoryQueries } from '../../api/directory';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { ActionDialog } from '../../components/actions/action-dialog';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { namesOf, roleLabels } from './admin-forms';
import { ConfirmActions, ConfirmDialog, FlashRegion, InviteLink, useFlash } from './admin-ui';
import { PersonDialog } from './person-dialog';

type Shown = 'all' | 'active' | 'inactive';

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; person: Person }
  | { kind: 'deactivate' | 'reactivate' | 'invite'; person: Person };

const shownLabels: Record<Shown, string> = {
  all: 'Everyone',
  active: 'Active',
  inactive: 'Deactivated',
};

/** People whose name or email holds the words typed, ignoring case. */
export function matchPeople(people: readonly Person[], query: string, shown: Shown): Person[] {
  const q = query.trim().toLocaleLowerCase();
  return people.filter(
    (p) =>
      (shown === 'all' || p.active === (shown === 'active')) &&
      (q === '' ||
        p.name.toLocaleLowerCase().includes(q) ||
        p.email.toLocaleLowerCase().includes(q)),
  );
}

/** What deactivating someone does, said before it is done. */
function DeactivateDialog({
  person,
  opener,
  onClose,
  onDone,
}: {
  person: Person;
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const update = useUpdatePerson();
  return (
    <ConfirmDialog
      id="person-deactivate"
      title={`Deactivate ${person.name}?`}
      confirmLabel={`Deactivate ${person.name}`}
      busyLabel="Deactivating…"
      pending={update.isPending}
      error={update.error}
      errorTitle={`${person.name} was not deactivated`}
      opener={opener}
      onClose={onClose}
      onConfirm={() =>
        update.mutate(
          { id: person.id, body: { active: false } },
          { onSuccess: () => onDone(`${person.name} was deactivated.`) },
        )
      }
    >
      <p>This takes effect at once:</p>
      <ul>
        <li>They are signed out everywhere, and their API tokens and invite links stop working.</li>
        <li>Ownership offers waiting for them are withdrawn, with a note on each request.</li>
        <li>
          Requests they own stay theirs, and show as “Owner deactivated” in Review until a lead
          gives them a new owner.
        </li>
        <li>They are no longer offered as an owner or a team member.</li>
      </ul>
      <p>Their history stays as it is. You can reactivate them later.</p>
    </ConfirmDialog>
  );
}

function ReactivateDialog({
  person,
  opener,
  onClose,
  onDone,
}: {
  person: Person;
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const update = useUpdatePerson();
  return (
    <ConfirmDialog
      id="person-reactivate"
      title={`Reactivate ${person.name}?`}
      confirmLabel={`Reactivate ${person.name}`}
      busyLabel="Reactivating…"
      tone="primary"
      pending={update.isPending}
      error={update.error}
      errorTitle={`${person.name} was not reactivated`}
      opener={opener}
      onClose={onClose}
      onConfirm={() =>
        update.mutate(
          { id: person.id, body: { active: true } },
          { onSuccess: () => onDone(`${person.name} was reactivated.`) },
        )
      }
    >
      <p>
        They can sign in again with their password, and be offered requests. Invite links sent
        before stay revoked: if they never set a password, make them a new invite link.
      </p>
    </ConfirmDialog>
  );
}

/** Asks, then shows the new link: the one sent before stops working. */
function InviteDialog({
  person,
  opener,
  onClose,
}: {
  person: Person;
  opener: HTMLElement | null;
  onClose: () => void;
}) {
  const invite = useInvitePerson();
  const [made, setMade] = useState<Invite | null>(null);
  return (
    <ActionDialog
      id="person-invite"
      title={made ? `New invite link for ${person.name}` : `New invite link for ${person.name}?`}
      onClose={onClose}
      returnFocus={opener}
    >
      {made ? (
        <>
          <InviteLink name={person.name} url={made.inviteUrl} expiresAt={made.expiresAt} />
          <div className="form-actions">
            <button type="button" className="button button-secondary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <>
          <div className="confirm-body">
            <p>
              Any invite link sent to {person.name} before stops working. With the new one they
              choose a password (a new one, if they had one) and sign in; it works once, for 7 days.
            </p>
          </div>
          <ConfirmActions
            confirmLabel="Make a new link"
            busyLabel="Making the link…"
            tone="primary"
            pending={invite.isPending}
            error={invite.error}
            errorTitle="No link was made"
            onClose={onClose}
            onConfirm={() => invite.mutate(person.id, { onSuccess: setMade })}
          />
        </>
      )}
    </ActionDialog>
  );
}

function PersonRow({
  person,
  teams,
  isMe,
  onOpen,
}: {
  person: Person;
  teams: readonly Team[] | undefined;
  isMe: boolean;
  onOpen: (dialog: Dialog, event: MouseEvent<HTMLButtonElement>) => void;
}) {
  const teamNames = namesOf(person.teamIds, teams);
  const lead = new Set((teams ?? []).filter((t) => t.leadIds.includes(person.id)).map((t) => t.id));
  return (
    <li className={person.active ? 'admin-row' : 'admin-row is-inactive'}>
      <div className="admin-row-main">
        <p className="admin-row-title">
          <span className="admin-row-name">{person.name}</span>
          {isMe ? <span className="muted"> (you)</span> : null}{' '}
          <span className={`badge badge-role badge-role-${person.role}`}>
            {roleLabels[person.role]}
          </span>{' '}
          {person.active ? null : <span className="badge badge-inactive">Deactivated</span>}
        </p>
        <p className="admin-row-meta">{person.email}</p>
        <p className="admin-row-meta">
          {teamNames.length === 0
            ? 'No team'
            : (teams ?? [])
                .filter((t) => person.teamIds.includes(t.id))
                .map((t) => (lead.has(t.id) ? `${t.name} (lead)` : t.name))
                .join(', ')}
        </p>
      </div>
      <div className="admin-row-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={(e) => onOpen({ kind: 'edit', person }, e)}
        >
          Edit<span className="visually-hidden"> {person.name}</span>
        </button>
        {person.active ? (
          <>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={(e) => onOpen({ kind: 'invite', person }, e)}
            >
              New invite link<span className="visually-hidden"> for {person.name}</span>
            </button>
            {/* Another admin deactivates you: doing it yourself would lock you out mid-task. */}
            {isMe ? null : (
              <button
                type="button"
                className="button button-quiet button-danger-quiet button-small"
                onClick={(e) => onOpen({ kind: 'deactivate', person }, e)}
              >
                Deactivate<span className="visually-hidden"> {person.name}</span>
              </button>
            )}
          </>
        ) : (
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={(e) => onOpen({ kind: 'reactivate', person }, e)}
          >
            Reactivate<span className="visually-hidden"> {person.name}</span>
          </button>
        )}
        <Link
          className="admin-history-link"
          to={`/admin/audit?type=person&entity=${encodeURIComponent(person.id)}`}
        >
          History<span className="visually-hidden"> of {person.name}</span>
        </Link>
      </div>
    </li>
  );
}

/** Admin › People: find, add and change people, and end or restore their access. */
export function PeoplePage() {
  const me = useSignedInPerson();
  const people = useQuery(directoryQueries.people());
  const teams = useQuery(directoryQueries.teams());
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState<Shown>('all');
  const [dialog, setDialog] = useState<(Dialog & { opener: HTMLElement | null }) | null>(null);
  const { flash, say, clear } = useFlash();

  const open = (d: Dialog, event: MouseEvent<HTMLButtonElement>) =>
    setDialog({ ...d, opener: event.currentTarget });
  const close = () => setDialog(null);
  const done = (message: string) => {
    setDialog(null);
    say(message);
  };

  const matches = useMemo(
    () => matchPeople(people.data ?? [], query, shown),
    [people.data, query, shown],
  );
  const total = people.data?.length ?? 0;
  const inactive = people.data?.filter((p) => !p.active).length ?? 0;

  return (
    <>
      <PageHeader
        title="People"
        documentTitle="People · Admin"
        eyebrow="Admin"
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={(e) => open({ kind: 'add' }, e)}
          >
            Add a person
          </button>
        }
      >
        <p>Everyone who can sign in, their role and teams. Deactivate people who leave.</p>
      </PageHeader>

      <FlashRegion flash={flash} onDismiss={clear} />

      <search className="filters admin-filters" aria-label="Find people">
        <div className="filter-grid admin-filter-grid">
          <div className="filter filter-search">
            <label htmlFor="people-search">Search people</label>
            <input
              id="people-search"
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Name or email"
              autoComplete="off"
            />
          </div>
          <div className="filter">
            <label htmlFor="people-shown">Show</label>
            <select
              id="people-shown"
              value={shown}
              onChange={(e) => setShown(e.target.value as Shown)}
            >
              {(Object.keys(shownLabels) as Shown[]).map((s) => (
                <option key={s} value={s}>
                  {shownLabels[s]}
                </option>
              ))}
            </select>
          </div>
        </div>
      </search>

      <section aria-label="People" className="results">
        {people.isPending ? (
          <LoadingState label="Loading people…" lines={5} />
        ) : people.isError ? (
          <ErrorState
            title="People could not be loaded"
            error={people.error}
            onRetry={() => people.refetch()}
          />
        ) : matches.length === 0 ? (
          <EmptyState
            title={total === 0 ? 'Nobody here yet' : 'Nobody matches'}
            action={
              total > 0 ? (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    setQuery('');
                    setShown('all');
                  }}
                >
                  Show everyone
                </button>
              ) : null
            }
          >
            <p>
              {total === 0
                ? 'Add the people who log and follow requests.'
                : 'No one’s name or email holds those words.'}
            </p>
          </EmptyState>
        ) : (
          <>
            <p className="results-count" role="status">
              {matches.length === total
                ? `${total} ${total === 1 ? 'person' : 'people'}, ${inactive} deactivated`
                : `${matches.length} of ${total} people`}
            </p>
            <ul className="admin-list">
              {matches.map((person) => (
                <PersonRow
                  key={person.id}
                  person={person}
                  teams={teams.data}
                  isMe={person.id === me.id}
                  onOpen={open}
                />
              ))}
            </ul>
          </>
        )}
      </section>

      {dialog?.kind === 'add' || dialog?.kind === 'edit' ? (
        <PersonDialog
          person={dialog.kind === 'edit' ? dialog.person : null}
          teams={teams.data ?? []}
          opener={dialog.opener}
          onClose={close}
          onDone={done}
        />
      ) : dialog?.kind === 'deactivate' ? (
        <DeactivateDialog
          person={dialog.person}
          opener={dialog.opener}
          onClose={close}
          onDone={done}
        />
      ) : dialog?.kind === 'reactivate' ? (
        <ReactivateDialog
          person={dialog.person}
          opener={dialog.opener}
          onClose={close}
          onDone={done}
        />
      ) : dialog?.kind === 'invite' ? (
        <InviteDialog person={dialog.person} opener={dialog.opener} onClose={close} />
      ) : null}
    </>
  );
}
