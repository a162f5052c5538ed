import type { Rate, RatesReport } from '@followthrough/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type MetricsRange, metricsQueries } from '../../api/metrics';
import { ErrorState, LoadingState } from '../../components/states';
import { NoFigure, Percent, TableRegion } from './figure-cells';
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

function RatesTable({ report }: { report: RatesReport }) {
  const { satisfaction } = report;
  return (
    <TableRegion label={'Rates over the period'}>
      <table className="figures-table rates-table">
        <caption className="visually-hidden">Rates over the period</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col" className="num">
              Rate
            </th>
            <th scope="col">Counted</th>
          </tr>
        </thead>
        <tbody>
          {rateInfo.map((info) => {
            const rate = report[info.key];
            return (
              <tr key={info.key}>
                <th scope="row">
                  {info.label}
                  <span className="cell-note">{info.about}</span>
                </th>
                <td className="num figure-big">
                  <Percent rate={rate.rate} />
                </td>
                <td>
                  <Counted rate={rate} none={info.none} />
                </td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">
              Satisfaction
              <span className="cell-note">The average of the ratings requesters gave.</span>
            </th>
            <td className="num figure-big">
              {satisfaction.averageRating === null ? (
                <NoFigure />
              ) : (
                <data value={String(satisfaction.averageRating)}>
                  {formatRating(satisfaction.averageRating)}
                </data>
              )}
            </td>
            <td>
              {satisfaction.rated.numerator === 0 ? (
                <span className="muted">no rating given</span>
              ) : (
                `${satisfaction.rated.numerator} ${satisfaction.rated.numerator === 1 ? 'rating' : 'ratings'}`
              )}
            </td>
          </tr>
          <tr>
            <th scope="row">
              Confirmations with a rating
              <span className="cell-note">How many confirmations carried a rating.</span>
            </th>
            <td className="num figure-big">
              <Percent rate={satisfaction.rated.rate} />
            </td>
            <td>
              <Counted rate={satisfaction.rated} none="nothing confirmed" />
            </td>
          </tr>
        </tbody>
      </table>
    </TableRegion>
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
