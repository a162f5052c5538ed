import type { Asset, AssetsQuery, Category, Location } from '@followthrough/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type MouseEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { assetQueries, useUpdateAsset } from '../../api/assets';
import { directoryQueries } from '../../api/directory';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { ConfirmDialog, FlashRegion, useFlash } from './admin-ui';
import { AssetDialog } from './asset-dialog';
import { AssetImportDialog } from './asset-import';
import './assets.css';

type Dialog =
  | { kind: 'add' | 'import'; opener: HTMLElement | null }
  | { kind: 'edit' | 'deactivate' | 'reactivate'; asset: Asset; opener: HTMLElement | null };

type Shown = 'all' | 'active' | 'inactive';
const shownLabels: Record<Shown, string> = {
  all: 'All assets',
  active: 'Active only',
  inactive: 'Inactive only',
};

/** A value that settles a moment after the last change, so typing asks the API once. */
function useSettled<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const nameOf = (list: readonly { id: string; name: string }[] | undefined, id: string | null) =>
  id ? (list?.find((item) => item.id === id)?.name ?? 'Unknown') : null;

/** The page of an asset, by its tag: what a label says, and what a person types. */
export const assetPath = (asset: Pick<Asset, 'tag'>) => `/assets/${encodeURIComponent(asset.tag)}`;

function AssetRow({
  asset,
  locations,
  categories,
  onOpen,
}: {
  asset: Asset;
  locations: readonly Location[] | undefined;
  categories: readonly Category[] | undefined;
  onOpen: (
    kind: 'edit' | 'deactivate' | 'reactivate',
    event: MouseEvent<HTMLButtonElement>,
  ) => void;
}) {
  return (
    <li className={asset.active ? 'admin-row' : 'admin-row is-inactive'}>
      <div className="admin-row-main">
        <p className="admin-row-title">
          <Link className="admin-row-name" to={assetPath(asset)}>
            {asset.name}
          </Link>{' '}
          {asset.active ? null : <span className="badge badge-inactive">Inactive</span>}
        </p>
        <dl className="admin-facts">
          <div>
            <dt>Tag</dt>
            <dd>
              <code className="asset-tag">{asset.tag}</code>
            </dd>
          </div>
          <div>
            <dt>Location</dt>
            <dd>{nameOf(locations, asset.locationId) ?? 'None'}</dd>
          </div>
          <div>
            <dt>Category</dt>
            <dd>{nameOf(categories, asset.categoryId) ?? 'None'}</dd>
          </div>
        </dl>
      </div>
      <div className="admin-row-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={(e) => onOpen('edit', e)}
        >
          Edit<span className="visually-hidden"> {asset.name}</span>
        </button>
        {asset.active ? (
          <button
            type="button"
            className="button button-quiet button-danger-quiet button-small"
            onClick={(e) => onOpen('deactivate', e)}
          >
            Deactivate<span className="visually-hidden"> {asset.name}</span>
          </button>
        ) : (
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={(e) => onOpen('reactivate', e)}
          >
            Reactivate<span className="visually-hidden"> {asset.name}</span>
          </button>
        )}
        <Link
          className="admin-history-link"
          to={`/admin/audit?type=asset&entity=${encodeURIComponent(asset.id)}`}
        >
          History<span className="visually-hidden"> of {asset.name}</span>
        </Link>
      </div>
    </li>
  );
}

function ActiveDialog({
  asset,
  active,
  opener,
  onClose,
  onDone,
}: {
  asset: Asset;
  active: boolean;
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const update = useUpdateAsset();
  const verb = active ? 'Reactivate' : 'Deactivate';
  return (
    <ConfirmDialog
      id="asset-active"
      title={`${verb} ${asset.name}?`}
      confirmLabel={`${verb} ${asset.name}`}
      busyLabel={active ? 'Reactivating…' : 'Deactivating…'}
      tone={active ? 'primary' : 'danger'}
      pending={update.isPending}
      error={update.error}
      errorTitle={`${asset.name} was not changed`}
      opener={opener}
      onClose={onClose}
      onConfirm={() =>
        update.mutate(
          { id: asset.id, body: { active } },
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
          It is no longer offered when someone logs a request. Its requests and its page stay, and a
          label already on it still opens the New request form with its location and category.
        </p>
      )}
    </ConfirmDialog>
  );
}

/** Admin › Assets: the equipment and rooms a QR label names, added one by one or from CSV. */
export function AssetsPage() {
  const [text, setText] = useState('');
  const [locationId, setLocationId] = useState('');
  const [shown, setShown] = useState<Shown>('all');
  const q = useSettled(text.trim());
  const query: AssetsQuery = {
    ...(q ? { q } : {}),
    ...(locationId ? { locationId } : {}),
    ...(shown === 'all' ? {} : { active: shown === 'active' ? 'true' : 'false' }),
  };
  const filtered = Object.keys(query).length > 0;
  const assets = useQuery({ ...assetQueries.list(query), placeholderData: keepPreviousData });
  const locations = useQuery(directoryQueries.locations());
  const categories = useQuery(directoryQueries.categories());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const { flash, say, clear } = useFlash();
  const ready = locations.data && categories.data;

  const close = () => setDialog(null);
  const done = (message: string) => {
    setDialog(null);
    say(message);
  };
  const clearFilters = () => {
    setText('');
    setLocationId('');
    setShown('all');
  };

  return (
    <>
      <PageHeader
        title="Assets"
        documentTitle="Assets · Admin"
        eyebrow="Admin"
        actions={
          <>
            <Link className="button button-secondary" to="/admin/labels">
              Print labels
            </Link>
            <button
              type="button"
              className="button button-secondary"
              onClick={(e) => setDialog({ kind: 'import', opener: e.currentTarget })}
            >
              Import CSV
            </button>
            <button
              type="button"
              className="button button-primary"
              aria-disabled={!ready || undefined}
              onClick={(e) => {
                if (ready) setDialog({ kind: 'add', opener: e.currentTarget });
              }}
            >
              Add an asset
            </button>
          </>
        }
      >
        <p>
          Equipment and rooms with a QR label. Scanning one opens the New request form with the
          asset, its location and category already filled in; its page shows how often it fails.
        </p>
      </PageHeader>

      <FlashRegion flash={flash} onDismiss={clear} />

      <search className="filters admin-filters" aria-label="Find assets">
        <div className="filter-grid admin-filter-grid">
          <div className="filter filter-search">
            <label htmlFor="assets-search">Search assets</label>
            <input
              id="assets-search"
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="Name or tag"
              autoComplete="off"
            />
          </div>
          <div className="filter">
            <label htmlFor="assets-location">Location</label>
            <select
              id="assets-location"
              value={locationId}
              onChange={(e) => setLocationId(e.target.value)}
            >
              <option value="">Anywhere</option>
              {(locations.data ?? []).map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          <div className="filter">
            <label htmlFor="assets-shown">Show</label>
            <select
              id="assets-shown"
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

      <section
        aria-label="Assets"
        className={assets.isPlaceholderData ? 'results is-updating' : 'results'}
        aria-busy={assets.isFetching || undefined}
      >
        {assets.isPending ? (
          <LoadingState label="Loading assets…" lines={5} />
        ) : assets.isError ? (
          <ErrorState
            title="Assets could not be loaded"
            error={assets.error}
            onRetry={() => assets.refetch()}
          />
        ) : assets.data.length === 0 ? (
          <EmptyState
            title={filtered ? 'No asset matches' : 'No assets yet'}
            action={
              filtered ? (
                <button type="button" className="button button-secondary" onClick={clearFilters}>
                  Show every asset
                </button>
              ) : null
            }
          >
            <p>
              {filtered
                ? 'No asset’s name or tag holds those words here.'
                : 'Add the equipment and rooms people report problems with, one by one or from a CSV file.'}
            </p>
          </EmptyState>
        ) : (
          <>
            <p className="results-count" role="status">
              {assets.data.length === 1
                ? filtered
                  ? '1 asset matches'
                  : '1 asset'
                : `${assets.data.length} assets${filtered ? ' match' : ''}`}
            </p>
            <ul className="admin-list">
              {assets.data.map((asset) => (
                <AssetRow
                  key={asset.id}
                  asset={asset}
                  locations={locations.data}
                  categories={categories.data}
                  onOpen={(kind, e) => setDialog({ kind, asset, opener: e.currentTarget })}
                />
              ))}
            </ul>
          </>
        )}
      </section>

      {dialog && ready && (dialog.kind === 'add' || dialog.kind === 'edit') ? (
        <AssetDialog
          asset={dialog.kind === 'edit' ? dialog.asset : null}
          locations={locations.data}
          categories={categories.data}
          opener={dialog.opener}
          onClose={close}
          onDone={done}
        />
      ) : dialog?.kind === 'import' ? (
        <AssetImportDialog opener={dialog.opener} onClose={close} onDone={done} />
      ) : dialog && (dialog.kind === 'deactivate' || dialog.kind === 'reactivate') ? (
        <ActiveDialog
          asset={dialog.asset}
          active={dialog.kind === 'reactivate'}
          opener={dialog.opener}
          onClose={close}
          onDone={done}
        />
      ) : null}
    </>
  );
}
