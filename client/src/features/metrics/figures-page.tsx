import { type MetricsGroupBy, metricsGroupBy } from '@followthrough/shared';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { requestsCsvUrl } from '../../api/requests';
import { FilterPanel } from '../../components/filter-panel';
import { FormField } from '../../components/form-field';
import { PageHeader } from '../../components/page-header';
import { LoadingState } from '../../components/states';
import { retryImport } from '../../lib/chunk-retry';
import {
  defaultRange,
  type FiguresView,
  groupByLabels,
  readFiguresView,
  writeFiguresView,
} from './figures-view';

// The charts (and recharts with them) load only when someone opens Figures.
const FiguresReport = lazy(() =>
  retryImport(() => import('./figures-report')).then((m) => ({ default: m.FiguresReport })),
);

/** From and to (UTC days) and the grouping; a period is applied once it is a real one. */
function PeriodControls({
  view,
  onChange,
}: {
  view: FiguresView;
  onChange: (patch: Partial<FiguresView>) => void;
}) {
  const [from, setFrom] = useState(view.from);
  const [to, setTo] = useState(view.to);

  // Follow the URL when it changes from elsewhere (back button, reset).
  useEffect(() => {
    setFrom(view.from);
    setTo(view.to);
  }, [view.from, view.to]);

  const error =
    from === '' || to === ''
      ? 'Choose the first and the last day'
      : from > to
        ? 'The first day must not be after the last'
        : undefined;

  function change(next: { from: string; to: string }) {
    setFrom(next.from);
    setTo(next.to);
    if (next.from !== '' && next.to !== '' && next.from <= next.to) onChange(next);
  }

  const fallback = defaultRange();
  const isDefault = view.from === fallback.from && view.to === fallback.to;

  return (
    <FilterPanel
      id="figures-controls"
      label="Period and grouping"
      toggleText="Period and grouping"
      active={isDefault ? 0 : 1}
      className="figures-controls"
      footer={
        <p className="figures-period-note muted">
          Days are counted in UTC, both ends included.{' '}
          {isDefault ? (
            'Showing the last 12 weeks.'
          ) : (
            <button type="button" className="link-button" onClick={() => onChange(fallback)}>
              Back to the last 12 weeks
            </button>
          )}
        </p>
      }
    >
      <FormField id="figures-from" label="From" error={error}>
        {(control) => (
          <input
            {...control}
            type="date"
            name="from"
            value={from}
            max={to || undefined}
            onChange={(e) => change({ from: e.target.value, to })}
          />
        )}
      </FormField>
      <FormField id="figures-to" label="To">
        {(control) => (
          <input
            {...control}
            {...(error ? { 'aria-invalid': true as const } : {})}
            type="date"
            name="to"
            value={to}
            min={from || undefined}
            onChange={(e) => change({ from, to: e.target.value })}
          />
        )}
      </FormField>
      <FormField id="figures-group-by" label="Group times by">
        {(control) => (
          <select
            {...control}
            name="groupBy"
            value={view.groupBy}
            onChange={(e) => {
              const parsed = metricsGroupBy.safeParse(e.target.value);
              if (parsed.success) onChange({ groupBy: parsed.data as MetricsGroupBy });
            }}
          >
            {metricsGroupBy.options.map((g) => (
              <option key={g} value={g}>
                {groupByLabels[g]}
              </option>
            ))}
          </select>
        )}
      </FormField>
    </FilterPanel>
  );
}

/** Figures: how long things take, the rates, service levels and what is open now. */
export function FiguresPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => readFiguresView(searchParams), [searchParams]);

  const changeView = useCallback(
    (patch: Partial<FiguresView>) => {
      setSearchParams((current) => writeFiguresView({ ...readFiguresView(current), ...patch }), {
        replace: true,
        preventScrollReset: true,
      });
    },
    [setSearchParams],
  );

  return (
    <div className="page">
      <PageHeader
        title="Figures"
        documentTitle="Figures"
        actions={
          <a className="button button-secondary" href={requestsCsvUrl('sort=-created')} download>
            Download CSV<span className="visually-hidden"> of every request</span>
          </a>
        }
      >
        <p>
          Computed by the server from the record of every change, so each one can be checked. The
          CSV has every request, for your own analysis.
        </p>
      </PageHeader>
      <PeriodControls view={view} onChange={changeView} />
      <Suspense fallback={<LoadingState label="Loading the figures…" lines={6} />}>
        <FiguresReport view={view} onChange={changeView} />
      </Suspense>
    </div>
  );
}
