import type { SavedViewWithCount, UpdateViewBody } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { countText, useDeleteView, useUpdateView, viewQueries } from '../../api/views';
import { ActionDialog } from '../../components/actions/action-dialog';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { ViewForm } from './view-form';
import { viewHref } from './view-href';
import './views.css';

function sharing(view: SavedViewWithCount): string {
  if (!view.sharedWithTeam) return 'Only you';
  if (view.editable) return `Shared with ${view.sharedWithTeam.name}`;
  return `Shared by ${view.owner.name} with ${view.sharedWithTeam.name}`;
}

function RenameDialog({
  view,
  opener,
  onClose,
}: {
  view: SavedViewWithCount;
  opener: HTMLElement | null;
  onClose: () => void;
}) {
  const update = useUpdateView();
  return (
    <ActionDialog
      id="rename-view"
      title={`Change “${view.name}”`}
      onClose={onClose}
      returnFocus={opener}
    >
      <ViewForm
        idPrefix="rename-view"
        initial={{ name: view.name, teamId: view.sharedWithTeamId ?? '' }}
        submitLabel="Save changes"
        pendingLabel="Saving…"
        onCancel={onClose}
        onSubmit={async ({ name, teamId }) => {
          const body: UpdateViewBody = {};
          if (name !== view.name) body.name = name;
          if ((teamId || null) !== view.sharedWithTeamId) body.sharedWithTeamId = teamId || null;
          if (Object.keys(body).length > 0) await update.mutateAsync({ id: view.id, body });
          onClose();
        }}
      />
    </ActionDialog>
  );
}

function DeleteDialog({
  view,
  opener,
  onClose,
}: {
  view: SavedViewWithCount;
  opener: HTMLElement | null;
  onClose: () => void;
}) {
  const remove = useDeleteView();
  return (
    <ActionDialog
      id="delete-view"
      title={`Delete “${view.name}”?`}
      onClose={onClose}
      returnFocus={opener}
    >
      <p>
        {view.sharedWithTeam
          ? `It goes for ${view.sharedWithTeam.name} too. The requests it lists stay as they are.`
          : 'The requests it lists stay as they are.'}
      </p>
      {remove.isError ? (
        <div className="notice notice-error" role="alert">
          <p>{errorMessage(remove.error)}</p>
        </div>
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="button button-danger"
          aria-disabled={remove.isPending || undefined}
          onClick={() => {
            if (remove.isPending) return;
            remove.mutate(view.id, { onSuccess: onClose });
          }}
        >
          {remove.isPending ? 'Deleting…' : 'Delete view'}
        </button>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Cancel
        </button>
      </div>
    </ActionDialog>
  );
}

/** Saved views: the person's own to rename, reshare or delete, and those shared with them. */
export function ViewsPage() {
  const views = useQuery(viewQueries.list());
  const [editing, setEditing] = useState<{
    kind: 'rename' | 'delete';
    view: SavedViewWithCount;
  } | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  const open = (kind: 'rename' | 'delete', view: SavedViewWithCount, button: HTMLElement) => {
    opener.current = button;
    setEditing({ kind, view });
  };

  return (
    <div className="page">
      <PageHeader title="Saved views" documentTitle="Saved views">
        <p>
          Filters of Open items kept under a name, with how many requests match each now. Save one
          with “Save view” on <Link to="/requests">Open items</Link>; leads may share one with a
          team they lead.
        </p>
      </PageHeader>
      {views.isPending ? (
        <LoadingState label="Loading views…" lines={3} />
      ) : views.isError ? (
        <ErrorState
          title="The views could not be loaded"
          error={views.error}
          onRetry={() => views.refetch()}
        />
      ) : views.data.length === 0 ? (
        <EmptyState
          title="No saved views yet"
          action={
            <Link className="button button-primary" to="/requests">
              Go to Open items
            </Link>
          }
        >
          Set the filters you use often on Open items, then choose “Save view”.
        </EmptyState>
      ) : (
        <ul className="views-manage-list" aria-label="Saved views">
          {views.data.map((view) => (
            <li key={view.id} className="views-card">
              <div className="views-card-text">
                <Link to={viewHref(view.filters)} className="views-card-name">
                  {view.name}
                </Link>
                <p className="views-card-meta">
                  {countText(view)} {view.count === 1 && !view.capped ? 'request' : 'requests'} ·{' '}
                  {sharing(view)}
                </p>
              </div>
              {view.editable ? (
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    aria-label={`Rename or share ${view.name}`}
                    onClick={(event) => open('rename', view, event.currentTarget)}
                  >
                    Rename
                  </button>
                  <button
                    type="button"
                    className="button button-quiet button-small"
                    aria-label={`Delete ${view.name}`}
                    onClick={(event) => open('delete', view, event.currentTarget)}
                  >
                    Delete
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editing?.kind === 'rename' ? (
        <RenameDialog
          view={editing.view}
          opener={opener.current}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {editing?.kind === 'delete' ? (
        <DeleteDialog
          view={editing.view}
          opener={opener.current}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}
