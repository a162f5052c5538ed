import type { Rate, RatesReport } from '@followthrough/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { type MetricsRange, metricsQueries } from '../../api/metrics';
import { ErrorState, LoadingState } from '../../components/states';
import { NoFigure, Percent } from './figure-cells';
import { type FigureColumn, FiguresTable } from './figures-table';
import { formatCounts, formatRating } from './format';

type RateKey = 'onTarget' | 'reopen' | 'requesterConfirmation' | 'handoffOnTime';

const rateInfo: { key: RateKey; label: string; about: string; none: string }[] = [
  {
    key: 'onTarget',
    label: 'On target',
    about: 'Resolved within their service target.',
    none: 'nothing resolved',
  },
  {
    key: 'reopen',
    label: 'Reopened',
    about: 'Closed requests that were ever reopened. Lower is better.',
    none: 'nothing closed',
  },
  {
    key: 'requesterConfirmation',
    label: 'Confirmed by the requester',
    about: 'Outcomes the requester confirmed themselves, rather than automatically.',
    none: 'nothing confirmed',
  },
  {
    key: 'handoffOnTime',
    label: 'Handoffs on time',
    about: 'Handoffs completed by their expected-by date.',
    none: 'no handoff completed',
  },
];

function Counted({ rate, none }: { rate: Rate; none: string }) {
  if (rate.denominator === 0) return <span className="muted">{none}</span>;
  return formatCounts(rate);
}

interface RateRow {
  key: string;
  label: string;
  about: string;
  figure: ReactNode;
  counted: ReactNode;
}

const rateColumns: FigureColumn<RateRow>[] = [
  { key: 'rate', header: 'Rate', num: true, cellClass: 'figure-big', cell: (r) => r.figure },
  { key: 'counted', header: 'Counted', cell: (r) => r.counted },
];

function RatesTable({ report }: { report: RatesReport }) {
  const { satisfaction } = report;
  const rows: RateRow[] = [
    ...rateInfo.map((info) => ({
      key: info.key,
      label: info.label,
      about: info.about,
      figure: <Percent rate={report[info.key].rate} />,
      counted: <Counted rate={report[info.key]} none={info.none} />,
    })),
    {
      key: 'satisfaction',
      label: 'Satisfaction',
      about: 'The average of the ratings requesters gave.',
      figure:
        satisfaction.averageRating === null ? (
          <NoFigure />
        ) : (
          <data value={String(satisfaction.averageRating)}>
            {formatRating(satisfaction.averageRating)}
          </data>
        ),
      counted:
        satisfaction.rated.numerator === 0 ? (
          <span className="muted">no rating given</span>
        ) : (
          `${satisfaction.rated.numerator} ${satisfaction.rated.numerator === 1 ? 'rating' : 'ratings'}`
        ),
    },
    {
      key: 'rated',
      label: 'Confirmations with a rating',
      about: 'How many confirmations carried a rating.',
      figure: <Percent rate={satisfaction.rated.rate} />,
      counted: <Counted rate={satisfaction.rated} none="nothing confirmed" />,
    },
  ];
  return (
    <FiguresTable
      caption="Rates over the period"
      hiddenCaption
      region="Rates over the period"
      className="rates-table"
      rowHeader={{
        header: 'Measure',
        cell: (r) => (
          <>
            {r.label}
            <span className="cell-note">{r.about}</span>
          </>
        ),
      }}
      columns={rateColumns}
      rows={rows}
      rowKey={(r) => r.key}
    />
  );
}

/** On-target, reopen, confirmation and handoff rates, and the requesters' satisfaction. */
export function RatesFigures({ range }: { range: MetricsRange }) {
  const rates = useQuery({ ...metricsQueries.rates(range), placeholderData: keepPreviousData });
  return (
    <section className="figures-section" aria-labelledby="rates-heading">
      <h2 id="rates-heading">Follow-through</h2>
      <p className="muted">Requests resolved, closed or handed back in the period.</p>
      {rates.isPending ? (
        <LoadingState label="Loading the rates…" lines={3} />
      ) : rates.isError && !rates.data ? (
        <ErrorState
          title="The rates could not be loaded"
          error={rates.error}
          onRetry={() => rates.refetch()}
        />
      ) : (
        <div className={rates.isPlaceholderData ? 'is-updating' : undefined}>
          <RatesTable report={rates.data} />
        </div>
      )}
    </section>
  );
}
