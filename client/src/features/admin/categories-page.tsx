import type { Category, Person, Team } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { type MouseEvent, useState } from 'react';
import { Link } from 'react-router';
import { useUpdateCategory } from '../../api/admin';
import { directoryQueries } from '../../api/directory';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { priorityLabels } from '../../lib/labels';
import { ConfirmDialog, FlashRegion, useFlash } from './admin-ui';
import { CategoryDialog } from './category-dialog';
import {
  formatTarget,
  measureLabels,
  measures,
  targetPriorities,
  targetsByPriority,
} from './targets';

type Dialog =
  | { kind: 'add'; opener: HTMLElement | null }
  | { kind: 'edit' | 'deactivate' | 'reactivate'; category: Category; opener: HTMLElement | null };

/** A category's service targets as a small table: "Urgent · own within 1 h". */
function TargetsTable({ category }: { category: Category }) {
  const times = targetsByPriority(category.targets);
  return (
    <div className="targets-table-wrap">
      <table className="targets-table">
        <caption className="visually-hidden">Service targets of {category.name}</caption>
        <thead>
          <tr>
            <th scope="col" className="targets-cell targets-head">
              Priority
            </th>
            {measures.map((m) => (
              <th key={m} scope="col" className="targets-cell targets-head">
                {measureLabels[m]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {targetPriorities.map((p) => (
            <tr key={p}>
              <th scope="row" className="targets-cell targets-priority-cell">
                {priorityLabels[p]}
              </th>
              {measures.map((m) => (
                <td key={m} className="targets-cell targets-time">
                  {formatTarget(times[p][m])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CategoryRow({
  category,
  teams,
  people,
  onOpen,
}: {
  category: Category;
  teams: readonly Team[] | undefined;
  people: readonly Person[] | undefined;
  onOpen: (
    kind: 'edit' | 'deactivate' | 'reactivate',
    event: MouseEvent<HTMLButtonElement>,
  ) => void;
}) {
  const team = teams?.find((t) => t.id === category.teamId);
  const owner = people?.find((p) => p.id === category.defaultOwnerId);
  return (
    <li className={category.active ? 'admin-row' : 'admin-row is-inactive'}>
      <div className="admin-row-main">
        <p className="admin-row-title">
          <span className="admin-row-name">{category.name}</span>{' '}
          {category.active ? null : <span className="badge badge-inactive">Inactive</span>}
        </p>
        <dl className="admin-facts">
          <div>
            <dt>Team</dt>
            <dd>{team?.name ?? 'Unknown team'}</dd>
          </div>
          <div>
            <dt>Default owner</dt>
            <dd>
              {!category.defaultOwnerId ? (
                'None: new requests wait to be taken'
              ) : owner && !owner.active ? (
                <span className="text-warn">
                  {owner.name} is deactivated: new requests wait to be taken
                </span>
              ) : (
                (owner?.name ?? 'Someone not in the directory')
              )}
            </dd>
          </div>
        </dl>
      </div>
      <div className="admin-row-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={(e) => onOpen('edit', e)}
        >
          Edit<span className="visually-hidden"> {category.name}</span>
        </button>
        {category.active ? (
          <button
            type="button"
            className="button button-quiet button-danger-quiet button-small"
            onClick={(e) => onOpen('deactivate', e)}
          >
            Deactivate<span className="visually-hidden"> {category.name}</span>
          </button>
        ) : (
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={(e) => onOpen('reactivate', e)}
          >
            Reactivate<span className="visually-hidden"> {category.name}</span>
          </button>
        )}
        <Link
          className="admin-history-link"
          to={`/admin/audit?type=category&entity=${encodeURIComponent(category.id)}`}
        >
          History<span className="visually-hidden"> of {category.name}</span>
        </Link>
      </div>
      <div className="admin-detail">
        <TargetsTable category={category} />
      </div>
    </li>
  );
}

function ActiveDialog({
  category,
  active,
  opener,
  onClose,
  onDone,
}: {
  category: Category;
  active: boolean;
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const update = useUpdateCategory();
  const verb = active ? 'Reactivate' : 'Deactivate';
  return (
    <ConfirmDialog
      id="category-active"
      title={`${verb} ${category.name}?`}
      confirmLabel={`${verb} ${category.name}`}
      busyLabel={active ? 'Reactivating…' : 'Deactivating…'}
      tone={active ? 'primary' : 'danger'}
      pending={update.isPending}
      error={update.error}
      errorTitle={`${category.name} was not changed`}
      opener={opener}
      onClose={onClose}
      onConfirm={() =>
        update.mutate(
          { id: category.id, body: { active } },
          {
            onSuccess: (saved) =>
              onDone(`${saved.name} was ${active ? 'reactivated' : 'deactivated'}.`),
          },
        )
      }
    >
      {active ? (
        <p>It is offered again when someone logs a request.</p>
      ) : (
        <p>
          It is no longer offered when someone logs a request. Requests already in it keep it, stay
          with their owners and keep their targets, and it stays in filters and figures.
        </p>
      )}
    </ConfirmDialog>
  );
}

/** Admin › Categories: where requests go, who is offered them, and how soon they are due. */
export function CategoriesPage() {
  const categories = useQuery(directoryQueries.categories());
  const teams = useQuery(directoryQueries.teams());
  const people = useQuery(directoryQueries.people());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const { flash, say, clear } = useFlash();
  const ready = teams.data && people.data;

  const close = () => setDialog(null);
  const done = (message: string) => {
    setDialog(null);
    say(message);
  };

  return (
    <>
      <PageHeader
        title="Categories"
        documentTitle="Categories · Admin"
        eyebrow="Admin"
        actions={
          <button
            type="button"
            className="button button-primary"
            aria-disabled={!ready || undefined}
            onClick={(e) => {
              if (ready) setDialog({ kind: 'add', opener: e.currentTarget });
            }}
          >
            Add a category
          </button>
        }
      >
        <p>
          Each category routes its requests to a team and, if it has one, offers them to a default
          owner. Its targets say how soon each priority is owned and resolved.
        </p>
      </PageHeader>

      <FlashRegion flash={flash} onDismiss={clear} />

      <section aria-label="Categories" className="results">
        {categories.isPending ? (
          <LoadingState label="Loading categories…" lines={4} />
        ) : categories.isError ? (
          <ErrorState
            title="Categories could not be loaded"
            error={categories.error}
            onRetry={() => categories.refetch()}
          />
        ) : categories.data.length === 0 ? (
          <EmptyState title="No categories yet">
            <p>Add one for each kind of request, such as Equipment, Facilities or IT.</p>
          </EmptyState>
        ) : (
          <ul className="admin-list">
            {categories.data.map((category) => (
              <CategoryRow
                key={category.id}
                category={category}
                teams={teams.data}
                people={people.data}
                onOpen={(kind, e) => setDialog({ kind, category, opener: e.currentTarget })}
              />
            ))}
          </ul>
        )}
      </section>

      {dialog && ready && (dialog.kind === 'add' || dialog.kind === 'edit') ? (
        <CategoryDialog
          category={dialog.kind === 'edit' ? dialog.category : null}
          teams={teams.data}
          people={people.data}
          opener={dialog.opener}
          onClose={close}
          onDone={done}
        />
      ) : dialog && (dialog.kind === 'deactivate' || dialog.kind === 'reactivate') ? (
        <ActiveDialog
          category={dialog.category}
          active={dialog.kind === 'reactivate'}
          opener={dialog.opener}
          onClose={close}
          onDone={done}
        />
      ) : null}
    </>
  );
}
