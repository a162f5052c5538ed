import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { RequestFilters } from '../../api/requests';
import { useCreateView } from '../../api/views';
import { ActionDialog } from '../../components/actions/action-dialog';
import { ViewForm } from './view-form';
import './views.css';

/**
 * "Save view" on Open items: keeps the filters shown now under a name (leads may share it
 * with a team they lead), so it is one click away in the navigation from then on.
 */
export function SaveViewButton({ filters }: { filters: RequestFilters }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const create = useCreateView();
  // The page's size is the screen's business, not the view's.
  const { limit: _limit, ...kept } = filters;

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="button button-secondary"
        aria-haspopup="dialog"
        onClick={() => {
          setSaved(null);
          setOpen(true);
        }}
      >
        Save view
      </button>
      <span className="save-view-status" role="status">
        {saved ? (
          <>
            Saved “{saved}”. It is under Views in the navigation;{' '}
            <Link to="/views">manage views</Link>.
          </>
        ) : null}
      </span>
      {open ? (
        <ActionDialog
          id="save-view"
          title="Save this view"
          onClose={() => setOpen(false)}
          returnFocus={buttonRef.current}
        >
          <ViewForm
            idPrefix="save-view"
            initial={{ name: '', teamId: '' }}
            submitLabel="Save view"
            pendingLabel="Saving…"
            onCancel={() => setOpen(false)}
            onSubmit={async ({ name, teamId }) => {
              await create.mutateAsync({
                name,
                filters: kept,
                ...(teamId ? { sharedWithTeamId: teamId } : {}),
              });
              setSaved(name);
              setOpen(false);
            }}
          >
            <p className="view-form-intro">
              Keeps the filters, search and sort shown now. The view lists what matches them
              whenever you open it.
            </p>
          </ViewForm>
        </ActionDialog>
      ) : null}
    </>
  );
}
