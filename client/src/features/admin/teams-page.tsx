import type { Category, Person, Team } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { type MouseEvent, useState } from 'react';
import { Link } from 'react-router';
import { directoryQueries } from '../../api/directory';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { namesOf } from './admin-forms';
import { FlashRegion, useFlash } from './admin-ui';
import { TeamDialog } from './team-dialog';

type Dialog = { team: Team | null; opener: HTMLElement | null };

/** Names, with the deactivated ones marked so nobody counts on them. */
function peopleText(ids: readonly string[], people: readonly Person[] | undefined): string {
  const wanted = new Set(ids);
  const named = (people ?? [])
    .filter((p) => wanted.has(p.id))
    .map((p) => (p.active ? p.name : `${p.name} (deactivated)`));
  return named.length > 0 ? named.join(', ') : 'Nobody';
}

function TeamRow({
  team,
  people,
  categories,
  onEdit,
}: {
  team: Team;
  people: readonly Person[] | undefined;
  categories: readonly Category[] | undefined;
  onEdit: (event: MouseEvent<HTMLButtonElement>) => void;
}) {
  const routed = namesOf(
    (categories ?? []).filter((c) => c.teamId === team.id).map((c) => c.id),
    categories,
  );
  return (
    <li className="admin-row">
      <div className="admin-row-main">
        <p className="admin-row-title">
          <span className="admin-row-name">{team.name}</span>
        </p>
        <dl className="admin-facts">
          <div>
            <dt>{team.leadIds.length === 1 ? 'Lead' : 'Leads'}</dt>
            <dd>
              {team.leadIds.length === 0 ? (
                <span className="text-warn">No lead: nobody reviews its stalled requests</span>
              ) : (
                peopleText(team.leadIds, people)
              )}
            </dd>
          </div>
          <div>
            <dt>Members ({team.memberIds.length})</dt>
            <dd>{peopleText(team.memberIds, people)}</dd>
          </div>
          <div>
            <dt>Categories</dt>
            <dd>{routed.length > 0 ? routed.join(', ') : 'None routes here yet'}</dd>
          </div>
        </dl>
      </div>
      <div className="admin-row-actions">
        <button type="button" className="button button-secondary button-small" onClick={onEdit}>
          Edit<span className="visually-hidden"> {team.name}</span>
        </button>
        <Link
          className="admin-history-link"
          to={`/admin/audit?type=team&entity=${encodeURIComponent(team.id)}`}
        >
          History<span className="visually-hidden"> of {team.name}</span>
        </Link>
      </div>
    </li>
  );
}

/** Admin › Teams: who is in each team and who leads it; categories route requests to teams. */
export function TeamsPage() {
  const teams = useQuery(directoryQueries.teams());
  const people = useQuery(directoryQueries.people());
  const categories = useQuery(directoryQueries.categories());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const { flash, say, clear } = useFlash();

  const open = (team: Team | null, event: MouseEvent<HTMLButtonElement>) =>
    setDialog({ team, opener: event.currentTarget });

  return (
    <>
      <PageHeader
        title="Teams"
        documentTitle="Teams · Admin"
        eyebrow="Admin"
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={(e) => open(null, e)}
            aria-disabled={people.isPending || undefined}
          >
            Add a team
          </button>
        }
      >
        <p>Categories route requests to a team; its leads review what has stalled there.</p>
      </PageHeader>

      <FlashRegion flash={flash} onDismiss={clear} />

      <section aria-label="Teams" className="results">
        {teams.isPending ? (
          <LoadingState label="Loading teams…" lines={4} />
        ) : teams.isError ? (
          <ErrorState
            title="Teams could not be loaded"
            error={teams.error}
            onRetry={() => teams.refetch()}
          />
        ) : teams.data.length === 0 ? (
          <EmptyState title="No teams yet">
            <p>Add a team for each group that looks after requests, such as Facilities or IT.</p>
          </EmptyState>
        ) : (
          <ul className="admin-list">
            {teams.data.map((team) => (
              <TeamRow
                key={team.id}
                team={team}
                people={people.data}
                categories={categories.data}
                onEdit={(e) => open(team, e)}
              />
            ))}
          </ul>
        )}
      </section>

      {dialog && people.data ? (
        <TeamDialog
          team={dialog.team}
          people={people.data}
          opener={dialog.opener}
          onClose={() => setDialog(null)}
          onDone={(message) => {
            setDialog(null);
            say(message);
          }}
        />
      ) : null}
    </>
  );
}
