import type { OpenReport } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { metricsQueries } from '../../api/metrics';
import { requestsCsvUrl } from '../../api/requests';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { stalledLabels, statusLabels } from '../../lib/labels';
import { CountBar } from './figure-cells';
import { FiguresTable } from './figures-table';
import { formatCount } from './format';

const ageLabels: Record<OpenReport['byAge'][number]['band'], string> = {
  under_1d: 'Under a day',
  '1_3d': '1 to 3 days',
  '3_7d': '3 to 7 days',
  '7_30d': '7 to 30 days',
  over_30d: 'Over 30 days',
};

interface Row {
  key: string;
  label: ReactNode;
  count: number;
}

/** A small table of counts, each with a bar for the eye. */
function CountTable({
  id,
  title,
  caption,
  column,
  rows,
}: {
  id: string;
  title: string;
  caption: string;
  column: string;
  rows: Row[];
}) {
  const max = Math.max(0, ...rows.map((r) => r.count));
  return (
    <section className="card figures-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <FiguresTable
          caption={caption}
          hiddenCaption
          region={null}
          className="count-table"
          rowHeader={{ header: column, cell: (r) => r.label }}
          columns={[
            { key: 'count', header: 'Requests', num: true, cell: (r) => formatCount(r.count) },
            {
              key: 'bar',
              header: <span className="visually-hidden">Share</span>,
              cellClass: 'bar-cell',
              cell: (r) => <CountBar count={r.count} max={max} />,
            },
          ]}
          rows={rows}
          rowKey={(r) => r.key}
        />
      )}
    </section>
  );
}

/** What is open now (whatever the period): by status, age and owner; and what has stalled. */
export function OpenFigures() {
  const open = useQuery(metricsQueries.open());
  const data = open.data;

  return (
    <section className="figures-section" aria-labelledby="open-heading">
      <div className="section-header">
        <div>
          <h2 id="open-heading">Open now</h2>
          <p className="muted">
            {data
              ? `${formatCount(data.total)} open ${data.total === 1 ? 'request' : 'requests'}, whatever the period above.`
              : 'Whatever the period above.'}
          </p>
        </div>
        <div className="button-row">
          <Link className="section-link" to="/requests">
            See them in Open items
          </Link>
          <a
            className="button button-secondary button-small"
            href={requestsCsvUrl('status=open')}
            download
          >
            Download CSV<span className="visually-hidden"> of the open requests</span>
          </a>
        </div>
      </div>
      {!data ? (
        open.isError ? (
          <ErrorState
            title="What is open could not be loaded"
            error={open.error}
            onRetry={() => open.refetch()}
          />
        ) : (
          <LoadingState label="Loading what is open…" lines={4} />
        )
      ) : data.total === 0 ? (
        <EmptyState title="Nothing is open">Every request has been followed through.</EmptyState>
      ) : (
        <div className="figures-grid">
          <CountTable
            id="open-status"
            title="By status"
            caption="Open requests by status"
            column="Status"
            rows={data.byStatus.map((s) => ({
              key: s.status,
              label: <Link to={`/requests?status=${s.status}`}>{statusLabels[s.status]}</Link>,
              count: s.count,
            }))}
          />
          <CountTable
            id="open-age"
            title="By age"
            caption="Open requests by age"
            column="Age"
            rows={data.byAge.map((a) => ({
              key: a.band,
              label: ageLabels[a.band],
              count: a.count,
            }))}
          />
          <CountTable
            id="open-owner"
            title="By owner"
            caption="Open requests by owner"
            column="Owner"
            rows={data.byOwner.map((o) => ({
              key: o.owner?.id ?? 'none',
              label: o.owner ? (
                <Link to={`/requests?owner=${o.owner.id}`}>
                  {o.owner.name}
                  {o.owner.active ? '' : ' (deactivated)'}
                </Link>
              ) : (
                <Link to="/requests?owner=none">Unowned</Link>
              ),
              count: o.count,
            }))}
          />
          <CountTable
            id="open-stalled"
            title="Stalled, by reason"
            caption="Stalled open requests by reason"
            column="Reason"
            rows={data.stalledByReason.map((r) => ({
              key: r.reason,
              label: <Link to={`/requests?reason=${r.reason}`}>{stalledLabels[r.reason]}</Link>,
              count: r.count,
            }))}
          />
        </div>
      )}
    </section>
  );
}
