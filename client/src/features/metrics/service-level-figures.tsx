import { type ServiceLevelsReport, serviceLevels } from '@followthrough/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type MetricsRange, metricsQueries } from '../../api/metrics';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { Percent } from './figure-cells';
import { type FigureColumn, FiguresTable } from './figures-table';
import { formatCount, wholePercents } from './format';

type Level = (typeof serviceLevels)[number];

export const levelInfo: Record<Level, { label: string; about: string }> = {
  differentiated: {
    label: 'Differentiated',
    about: 'The requester confirmed it themselves, on target, never reopened.',
  },
  competitive: {
    label: 'Competitive',
    about: 'Resolved after its target, confirmed automatically, or reopened once.',
  },
  commoditized: {
    label: 'Commoditized',
    about: 'Cancelled, reopened twice or more, or a handoff or follow-up missed on the way.',
  },
};

type Row = ServiceLevelsReport['rows'][number];

/** A row's shares as whole percentages that add up to 100. */
export const rowPercents = (row: Row) => wholePercents(serviceLevels.map((l) => row[l].share));

/** A row with its shares already rounded, so the bar and the cells agree. */
type LevelRow = { row: Row; percents: number[] };

const levelColumns: FigureColumn<LevelRow>[] = [
  { key: 'closed', header: 'Closed', num: true, cell: ({ row }) => formatCount(row.closed) },
  ...serviceLevels.map(
    (l, i): FigureColumn<LevelRow> => ({
      key: l,
      header: levelInfo[l].label,
      num: true,
      cell: ({ row, percents }) => (
        <>
          <Percent rate={row[l].share} shown={percents[i]!} />{' '}
          <span className="level-count">({formatCount(row[l].count)})</span>
        </>
      ),
    }),
  ),
];

function LevelTable({ report }: { report: ServiceLevelsReport }) {
  const noun = report.by === 'team' ? 'Team' : 'Owner';
  const name = `Service level by ${noun.toLowerCase()}`;
  return (
    <FiguresTable
      caption={name}
      region={name}
      className="levels-table"
      rowHeader={{
        header: noun,
        cell: ({ row, percents }) => (
          <>
            {row.group?.name ?? (report.by === 'owner' ? 'Unowned' : 'No team')}
            <span className="level-bar" aria-hidden="true">
              {serviceLevels.map((l, i) => (
                <span
                  key={l}
                  className={`level-bar-part level-${l}`}
                  style={{ width: `${percents[i]}%` }}
                />
              ))}
            </span>
          </>
        ),
      }}
      columns={levelColumns}
      rows={report.rows.map((row) => ({ row, percents: rowPercents(row) }))}
      rowKey={({ row }) => row.group?.id ?? 'none'}
    />
  );
}

function Levels({ range, by }: { range: MetricsRange; by: 'team' | 'owner' }) {
  const report = useQuery({
    ...metricsQueries.serviceLevels(range, by),
    placeholderData: keepPreviousData,
  });
  const title = by === 'team' ? 'By team' : 'By owner';
  return (
    <section className="card figures-card" aria-labelledby={`levels-${by}-heading`}>
      <h3 id={`levels-${by}-heading`}>{title}</h3>
      {report.isPending ? (
        <LoadingState label={`Loading the service levels ${title.toLowerCase()}…`} lines={3} />
      ) : report.isError && !report.data ? (
        <ErrorState
          title="The service levels could not be loaded"
          error={report.error}
          onRetry={() => report.refetch()}
        />
      ) : report.data.rows.length === 0 ? (
        <EmptyState title="Nothing closed">No request was closed in this period.</EmptyState>
      ) : (
        <div className={report.isPlaceholderData ? 'is-updating' : undefined}>
          <LevelTable report={report.data} />
        </div>
      )}
    </section>
  );
}

/**
 * The service level of each team and owner: every request closed in the period
 * falls in one level, so a row's shares add up to 100 %.
 */
export function ServiceLevelFigures({ range }: { range: MetricsRange }) {
  return (
    <section className="figures-section" aria-labelledby="levels-heading">
      <h2 id="levels-heading">Service level</h2>
      <p className="muted">Each request closed in the period counts once, in one level:</p>
      <ul className="level-legend">
        {serviceLevels.map((l) => (
          <li key={l}>
            <span className={`level-swatch level-${l}`} aria-hidden="true" />
            <strong>{levelInfo[l].label}</strong>: {levelInfo[l].about}
          </li>
        ))}
      </ul>
      <div className="figures-stack">
        <Levels range={range} by="team" />
        <Levels range={range} by="owner" />
      </div>
    </section>
  );
}
