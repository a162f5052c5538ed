import type { Asset, Location } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import {
  assetLabelLink,
  assetQrUrl,
  assetQueries,
  locationLabelLink,
  locationQrUrl,
} from '../../api/assets';
import { directoryQueries } from '../../api/directory';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import './labels.css';

/** Labels on one A4 sheet: 3 across, 8 down. */
const PER_SHEET = 24;

interface Label {
  key: string;
  name: string;
  /** The asset's tag; a location's label says what it is instead. */
  tag: string | null;
  qrSrc: string;
  link: string;
}

const assetLabel = (a: Asset): Label => ({
  key: `asset-${a.id}`,
  name: a.name,
  tag: a.tag,
  qrSrc: assetQrUrl(a.id),
  link: assetLabelLink(a.tag),
});

const locationLabel = (l: Location): Label => ({
  key: `location-${l.id}`,
  name: l.name,
  tag: null,
  qrSrc: locationQrUrl(l.id),
  link: locationLabelLink(l.id),
});

const matches = (words: string, ...texts: string[]) => {
  const needle = words.trim().toLowerCase();
  return !needle || texts.some((t) => t.toLowerCase().includes(needle));
};

function toggle(set: ReadonlySet<string>, id: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/** A list of things to label, as checkboxes narrowed by a search, with Select all and Clear. */
function Chooser<T extends { id: string; name: string; active: boolean }>({
  id,
  legend,
  items,
  chosen,
  search,
  describe,
  searchText,
  onChange,
}: {
  id: string;
  legend: string;
  items: readonly T[];
  chosen: ReadonlySet<string>;
  search: boolean;
  describe: (item: T) => string;
  searchText: (item: T) => string[];
  onChange: (next: Set<string>) => void;
}) {
  const [words, setWords] = useState('');
  const shown = items.filter((item) => matches(words, ...searchText(item)));
  const allShownChosen = shown.length > 0 && shown.every((item) => chosen.has(item.id));
  return (
    <fieldset className="labels-chooser">
      <legend className="field-label">
        {legend}{' '}
        <span className="muted">
          ({items.filter((i) => chosen.has(i.id)).length} of {items.length} chosen)
        </span>
      </legend>
      {search ? (
        <div className="field">
          <label className="visually-hidden" htmlFor={`${id}-search`}>
            Search {legend.toLowerCase()}
          </label>
          <input
            id={`${id}-search`}
            type="search"
            autoComplete="off"
            placeholder="Name or tag"
            value={words}
            onChange={(e) => setWords(e.target.value)}
          />
        </div>
      ) : null}
      <div className="button-row labels-chooser-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          aria-disabled={shown.length === 0 || allShownChosen || undefined}
          onClick={() => {
            const next = new Set(chosen);
            for (const item of shown) next.add(item.id);
            onChange(next);
          }}
        >
          {words.trim() ? 'Select all shown' : 'Select all'}
          <span className="visually-hidden"> {legend.toLowerCase()}</span>
        </button>
        <button
          type="button"
          className="button button-quiet button-small"
          aria-disabled={chosen.size === 0 || undefined}
          onClick={() => onChange(new Set())}
        >
          Clear<span className="visually-hidden"> {legend.toLowerCase()}</span>
        </button>
      </div>
      {shown.length === 0 ? (
        <p className="muted">
          {items.length === 0 ? `No ${legend.toLowerCase()} yet.` : 'None match.'}
        </p>
      ) : (
        <ul className="labels-options">
          {shown.map((item) => (
            <li key={item.id}>
              <label className="labels-option">
                <input
                  type="checkbox"
                  checked={chosen.has(item.id)}
                  onChange={(e) => onChange(toggle(chosen, item.id, e.target.checked))}
                />
                <span>
                  {describe(item)}
                  {item.active ? null : <span className="muted"> (inactive)</span>}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** One label: what it is, the QR code a phone scans, and what scanning does. */
function LabelCard({ label }: { label: Label }) {
  return (
    <li className="label">
      <img
        className="label-qr"
        src={label.qrSrc}
        alt={`QR code for ${label.name}: opens ${label.link}`}
        width={104}
        height={104}
      />
      <div className="label-text">
        <p className="label-name">{label.name}</p>
        {label.tag ? (
          <p className="label-tag">{label.tag}</p>
        ) : (
          <p className="label-kind">Location</p>
        )}
        <p className="label-cta">Scan to report a problem</p>
      </div>
    </li>
  );
}

/**
 * Admin › Labels: a sheet of QR labels for the assets and locations chosen, laid out for A4
 * (3 × 8) and printed by the browser; only the sheets are printed.
 */
export function LabelsPage() {
  const assets = useQuery(assetQueries.list());
  const locations = useQuery(directoryQueries.locations());
  const [assetIds, setAssetIds] = useState<Set<string>>(() => new Set());
  const [locationIds, setLocationIds] = useState<Set<string>>(() => new Set());

  const labels = useMemo(
    () => [
      ...(assets.data ?? []).filter((a) => assetIds.has(a.id)).map(assetLabel),
      ...(locations.data ?? []).filter((l) => locationIds.has(l.id)).map(locationLabel),
    ],
    [assets.data, locations.data, assetIds, locationIds],
  );
  const sheets = Array.from({ length: Math.ceil(labels.length / PER_SHEET) }, (_, i) =>
    labels.slice(i * PER_SHEET, (i + 1) * PER_SHEET),
  );

  return (
    <div className="labels-page">
      <div className="labels-controls">
        <PageHeader
          title="Labels"
          documentTitle="Labels · Admin"
          eyebrow="Admin"
          actions={
            <button
              type="button"
              className="button button-primary"
              aria-disabled={labels.length === 0 || undefined}
              onClick={() => {
                if (labels.length > 0) window.print();
              }}
            >
              Print
            </button>
          }
        >
          <p>
            Choose assets and locations, then print on A4 (24 labels a sheet, 3 across). Scanning a
            label opens the New request form with the asset or location filled in.
          </p>
        </PageHeader>

        {assets.isPending || locations.isPending ? (
          <LoadingState label="Loading assets and locations…" lines={4} />
        ) : assets.isError || locations.isError ? (
          <ErrorState
            title="Assets and locations could not be loaded"
            error={assets.error ?? locations.error}
            onRetry={() => {
              void assets.refetch();
              void locations.refetch();
            }}
          />
        ) : (
          <div className="labels-choosers">
            <Chooser
              id="labels-assets"
              legend="Assets"
              items={assets.data}
              chosen={assetIds}
              search
              describe={(a) => `${a.name} (${a.tag})`}
              searchText={(a) => [a.name, a.tag]}
              onChange={setAssetIds}
            />
            <Chooser
              id="labels-locations"
              legend="Locations"
              items={locations.data}
              chosen={locationIds}
              search={locations.data.length > 8}
              describe={(l) => l.name}
              searchText={(l) => [l.name]}
              onChange={setLocationIds}
            />
          </div>
        )}
        <p className="results-count" role="status">
          {labels.length === 0
            ? 'No labels chosen yet.'
            : `${labels.length} ${labels.length === 1 ? 'label' : 'labels'} on ${sheets.length} ${sheets.length === 1 ? 'sheet' : 'sheets'}.`}
        </p>
      </div>

      {labels.length === 0 ? (
        <div className="labels-controls">
          <EmptyState title="Nothing to print yet">
            <p>
              Tick the assets and locations to label; their labels appear here as they will print.
            </p>
          </EmptyState>
        </div>
      ) : (
        <section
          className="label-sheets"
          aria-label="Labels to print"
          // A sheet is A4-wide and scrolls sideways on a phone: focusable, so keys can scroll it.
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region needs a tab stop
          tabIndex={0}
        >
          {sheets.map((sheet, i) => (
            <ul
              // biome-ignore lint/suspicious/noArrayIndexKey: a sheet is its place in the print
              key={i}
              className="label-sheet"
              aria-label={sheets.length > 1 ? `Sheet ${i + 1} of ${sheets.length}` : 'Sheet'}
            >
              {sheet.map((label) => (
                <LabelCard key={label.key} label={label} />
              ))}
            </ul>
          ))}
        </section>
      )}
    </div>
  );
}
