import { timeMeasures } from '@followthrough/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { metricsQueries } from '../../api/metrics';
import { ErrorState, LoadingState } from '../../components/states';
import type { FiguresView, WeeklyStat } from './figures-view';
import { groupNoun } from './figures-view';
import { OpenFigures } from './open-figures';
import { RatesFigures } from './rates-figures';
import { ServiceLevelFigures } from './service-level-figures';
import { MeasureFigures, statLabels } from './times-figures';

function TimesFigures({
  view,
  onChange,
}: {
  view: FiguresView;
  onChange: (patch: Partial<FiguresView>) => void;
}) {
  const times = useQuery({
    ...metricsQueries.times({ from: view.from, to: view.to }, view.groupBy),
    placeholderData: keepPreviousData,
  });
  // Whole-period percentiles read every duration in the period: a query of their own.
  const period = useQuery({
    ...metricsQueries.timesPeriod({ from: view.from, to: view.to }, view.groupBy),
    placeholderData: keepPreviousData,
  });
  const grouped = view.groupBy !== 'none';
  const updating = times.isFetching && times.isPlaceholderData;

  return (
    <section
      className="figures-section"
      aria-labelledby="times-heading"
      aria-busy={updating || undefined}
    >
      <div className="section-header">
        <div>
          <h2 id="times-heading">How long things take</h2>
          <p className="muted">
            Median and 90th percentile per week
            {grouped ? `, by ${groupNoun[view.groupBy].toLowerCase()}` : ''}. A week starts on
            Monday; a request counts in the week it reached the step.
          </p>
        </div>
        {grouped ? (
          <div className="filter">
            <label htmlFor="figures-stat">Charts draw</label>
            <select
              id="figures-stat"
              value={view.stat}
              onChange={(e) => onChange({ stat: e.target.value === 'p90' ? 'p90' : 'median' })}
            >
              {(['median', 'p90'] as WeeklyStat[]).map((s) => (
                <option key={s} value={s}>
                  {statLabels[s]}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {times.isPending ? (
        <LoadingState label="Loading how long things take…" lines={5} />
      ) : times.isError && !times.data ? (
        <ErrorState
          title="How long things take could not be loaded"
          error={times.error}
          onRetry={() => times.refetch()}
        />
      ) : (
        <div
          className={
            updating
              ? 'figures-grid figures-grid-wide is-updating'
              : 'figures-grid figures-grid-wide'
          }
        >
          {timeMeasures.map((m) => (
            <MeasureFigures
              key={m}
              measure={m}
              report={times.data}
              period={period.isPlaceholderData ? undefined : period.data}
              stat={view.stat}
            />
          ))}
        </div>
      )}
    </section>
  );
}

/** Everything under the period controls; loaded lazily, with the chart library. */
export function FiguresReport({
  view,
  onChange,
}: {
  view: FiguresView;
  onChange: (patch: Partial<FiguresView>) => void;
}) {
  const range = { from: view.from, to: view.to };
  return (
    <div className="figures">
      <TimesFigures view={view} onChange={onChange} />
      <RatesFigures range={range} />
      <ServiceLevelFigures range={range} />
      <OpenFigures />
    </div>
  );
}
