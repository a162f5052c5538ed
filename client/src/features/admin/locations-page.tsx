import { createLocationBody, type Location, updateLocationBody } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type MouseEvent, useState } from 'react';
import { Link } from 'react-router';
import { useCreateLocation, useUpdateLocation } from '../../api/admin';
import { directoryQueries } from '../../api/directory';
import { ActionDialog } from '../../components/actions/action-dialog';
import { FormField } from '../../components/form-field';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { type FieldErrors, hasFieldErrors, serverErrors, validate } from './admin-forms';
import { ConfirmDialog, FlashRegion, useFlash, useFocusOnOpen, WriteError } from './admin-ui';

type Dialog = {
  kind: 'add' | 'rename' | 'deactivate' | 'reactivate';
  location: Location | null;
  opener: HTMLElement | null;
};

/** Adds a location, or renames one. */
function LocationDialog({
  location,
  opener,
  onClose,
  onDone,
}: {
  location: Location | null;
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [name, setName] = useState(location?.name ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateLocation();
  const update = useUpdateLocation();
  const write = location ? update : create;
  useFocusOnOpen('location-name');
  const check = (value: string) =>
    location
      ? validate(updateLocationBody, { name: value })
      : validate(createLocationBody, { name: value });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (write.isPending) return;
    setSubmitted(true);
    const checked = check(name);
    setErrors(checked.errors);
    const refused = (error: unknown) => {
      setErrors(serverErrors(error));
      document.getElementById('location-name')?.focus();
    };
    if (!checked.data) {
      document.getElementById('location-name')?.focus();
    } else if (!location) {
      create.mutate(
        { name: checked.data.name ?? name },
        { onSuccess: (saved) => onDone(`${saved.name} was added.`), onError: refused },
      );
    } else if (checked.data.name === location.name) {
      onClose();
    } else {
      update.mutate(
        { id: location.id, body: checked.data },
        {
          onSuccess: (saved) => onDone(`${location.name} is now called ${saved.name}.`),
          onError: refused,
        },
      );
    }
  }

  const generalError = write.isError && !hasFieldErrors(errors, ['name']) ? write.error : null;

  return (
    <ActionDialog
      id="location-dialog"
      title={location ? `Rename ${location.name}` : 'Add a location'}
      onClose={onClose}
      returnFocus={opener}
    >
      <form className="form" noValidate onSubmit={handleSubmit}>
        {generalError ? (
          <WriteError
            title={location ? 'It was not renamed' : 'The location was not added'}
            error={generalError}
          />
        ) : null}
        <FormField
          id="location-name"
          label="Name"
          hint={location ? 'Requests that name it show the new name.' : 'e.g. Pool deck'}
          error={errors.name}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                if (submitted) setErrors(check(e.target.value).errors);
              }}
            />
          )}
        </FormField>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={write.isPending || undefined}
          >
            {write.isPending ? 'Saving…' : location ? 'Rename' : 'Add location'}
          </button>
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}

function ActiveDialog({
  location,
  active,
  opener,
  onClose,
  onDone,
}: {
  location: Location;
  active: boolean;
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const update = useUpdateLocation();
  const verb = active ? 'Reactivate' : 'Deactivate';
  return (
    <ConfirmDialog
      id="location-active"
      title={`${verb} ${location.name}?`}
      confirmLabel={`${verb} ${location.name}`}
      busyLabel={active ? 'Reactivating…' : 'Deactivating…'}
      tone={active ? 'primary' : 'danger'}
      pending={update.isPending}
      error={update.error}
      errorTitle={`${location.name} was not changed`}
      opener={opener}
      onClose={onClose}
      onConfirm={() =>
        update.mutate(
          { id: location.id, body: { active } },
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
          It is no longer offered when someone logs a request. Requests that name it keep it, and it
          stays in filters.
        </p>
      )}
    </ConfirmDialog>
  );
}

/** Admin › Locations: the places requests can be about. */
export function LocationsPage() {
  const locations = useQuery(directoryQueries.locations());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const { flash, say, clear } = useFlash();

  const open = (
    kind: Dialog['kind'],
    location: Location | null,
    event: MouseEvent<HTMLButtonElement>,
  ) => setDialog({ kind, location, opener: event.currentTarget });
  const close = () => setDialog(null);
  const done = (message: string) => {
    setDialog(null);
    say(message);
  };

  return (
    <>
      <PageHeader
        title="Locations"
        documentTitle="Locations · Admin"
        eyebrow="Admin"
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={(e) => open('add', null, e)}
          >
            Add a location
          </button>
        }
      >
        <p>The places a request can be about, offered when someone logs one.</p>
      </PageHeader>

      <FlashRegion flash={flash} onDismiss={clear} />

      <section aria-label="Locations" className="results">
        {locations.isPending ? (
          <LoadingState label="Loading locations…" lines={4} />
        ) : locations.isError ? (
          <ErrorState
            title="Locations could not be loaded"
            error={locations.error}
            onRetry={() => locations.refetch()}
          />
        ) : locations.data.length === 0 ? (
          <EmptyState title="No locations yet">
            <p>Add the places requests are about, such as Fitness floor or Pool deck.</p>
          </EmptyState>
        ) : (
          <ul className="admin-list">
            {locations.data.map((location) => (
              <li
                key={location.id}
                className={location.active ? 'admin-row' : 'admin-row is-inactive'}
              >
                <div className="admin-row-main">
                  <p className="admin-row-title">
                    <span className="admin-row-name">{location.name}</span>{' '}
                    {location.active ? null : (
                      <span className="badge badge-inactive">Inactive</span>
                    )}
                  </p>
                </div>
                <div className="admin-row-actions">
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    onClick={(e) => open('rename', location, e)}
                  >
                    Rename<span className="visually-hidden"> {location.name}</span>
                  </button>
                  {location.active ? (
                    <button
                      type="button"
                      className="button button-quiet button-danger-quiet button-small"
                      onClick={(e) => open('deactivate', location, e)}
                    >
                      Deactivate<span className="visually-hidden"> {location.name}</span>
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button-quiet button-small"
                      onClick={(e) => open('reactivate', location, e)}
                    >
                      Reactivate<span className="visually-hidden"> {location.name}</span>
                    </button>
                  )}
                  <Link
                    className="admin-history-link"
                    to={`/admin/audit?type=location&entity=${encodeURIComponent(location.id)}`}
                  >
                    History<span className="visually-hidden"> of {location.name}</span>
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {dialog && (dialog.kind === 'add' || dialog.kind === 'rename') ? (
        <LocationDialog
          location={dialog.location}
          opener={dialog.opener}
          onClose={close}
          onDone={done}
        />
      ) : dialog?.location ? (
        <ActiveDialog
          location={dialog.location}
          active={dialog.kind === 'reactivate'}
          opener={dialog.opener}
          onClose={close}
          onDone={done}
        />
      ) : null}
    </>
  );
}
