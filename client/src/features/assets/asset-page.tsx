import type { AssetDetail, AssetFigures } from '@followthrough/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { assetLabelLink, assetQrUrl, assetQueries } from '../../api/assets';
import { isApiError } from '../../api/client';
import { directoryQueries } from '../../api/directory';
import { requestQueries } from '../../api/requests';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { RelativeTime } from '../../components/relative-time';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { PriorityBadge, StatusBadge } from '../../components/status-badge';
import { spanInWords } from '../../lib/time';
import './asset-page.css';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How often it fails and how fast it is fixed, in words a person can repeat. */
function Figures({ figures }: { figures: AssetFigures }) {
  const median = figures.medianMinutesToOutcome;
  return (
    <section className="asset-section" aria-labelledby="asset-figures-title">
      <h2 id="asset-figures-title" className="asset-section-title">
        This year
      </h2>
      <dl className="asset-figures">
        <div className="asset-figure">
          <dt>Requests this year</dt>
          <dd>{figures.requestsThisYear}</dd>
        </div>
        <div className="asset-figure">
          <dt>Median time to outcome</dt>
          <dd>{median === null ? 'None confirmed yet' : spanInWords(median)}</dd>
        </div>
        <div className="asset-figure">
          <dt>Reopened</dt>
          <dd>
            {figures.reopenedThisYear}
            {figures.requestsThisYear > 0 ? (
              <span className="asset-figure-note"> of {figures.requestsThisYear}</span>
            ) : null}
          </dd>
        </div>
        <div className="asset-figure">
          <dt>Open now</dt>
          <dd>{figures.openNow}</dd>
        </div>
      </dl>
      <p className="muted asset-figures-about">
        {median === null
          ? 'The median counts requests logged this year whose requester confirmed the outcome; none has yet.'
          : 'The median runs from logging to the requester’s confirmation, over this year’s confirmed requests.'}
      </p>
    </section>
  );
}

/** Its requests, newest first, so a fault that keeps coming back is plain to see. */
function AssetRequests({ asset }: { asset: AssetDetail }) {
  const list = useInfiniteQuery(requestQueries.list({ asset: asset.id, limit: 50 }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="asset-section" aria-labelledby="asset-requests-title">
      <h2 id="asset-requests-title" className="asset-section-title">
        Requests about it
      </h2>
      {list.isPending ? (
        <LoadingState label="Loading its requests…" lines={3} />
      ) : list.isError && items.length === 0 ? (
        <ErrorState
          title="Its requests could not be loaded"
          error={list.error}
          onRetry={() => list.refetch()}
        />
      ) : items.length === 0 ? (
        <EmptyState title="No requests about it yet">
          <p>When someone reports a problem with {asset.name}, it is listed here.</p>
        </EmptyState>
      ) : (
        <>
          <ol className="asset-requests" aria-label={`Requests about ${asset.name}, newest first`}>
            {items.map((request) => (
              <li key={request.id} className="asset-request">
                <p className="asset-request-title">
                  <span className="request-key">{request.key}</span>{' '}
                  <Link to={`/requests/${request.key}`}>{request.title}</Link>
                  {request.priority === 'high' || request.priority === 'urgent' ? (
                    <>
                      {' '}
                      <PriorityBadge priority={request.priority} />
                    </>
                  ) : null}
                </p>
                <p className="asset-request-meta">
                  <StatusBadge status={request.status} closeReason={request.closeReason} />
                  <span>
                    Logged <RelativeTime iso={request.createdAt} /> by {request.requester.name}
                  </span>
                  <span>{request.owner ? `Owner ${request.owner.name}` : 'No owner yet'}</span>
                  {request.reopenCount > 0 ? (
                    <span className="text-warn">
                      Reopened {count(request.reopenCount, 'time', 'times')}
                    </span>
                  ) : null}
                </p>
              </li>
            ))}
          </ol>
          <LoadMore list={list} what="requests" />
        </>
      )}
    </section>
  );
}

function AssetView({ asset }: { asset: AssetDetail }) {
  const me = useSignedInPerson();
  const locations = useQuery(directoryQueries.locations());
  const categories = useQuery(directoryQueries.categories());
  const location = locations.data?.find((l) => l.id === asset.locationId);
  const category = categories.data?.find((c) => c.id === asset.categoryId);
  const link = assetLabelLink(asset.tag);
  return (
    <div className="page">
      <PageHeader
        title={asset.name}
        documentTitle={`${asset.name} (${asset.tag})`}
        eyebrow={
          <>
            <span>Asset</span>
            {asset.active ? null : <span className="badge badge-inactive">Inactive</span>}
          </>
        }
        actions={
          <>
            {asset.active ? (
              <Link
                className="button button-primary"
                to={`/requests/new?asset=${encodeURIComponent(asset.tag)}`}
              >
                Report a problem with it
              </Link>
            ) : null}
            {me.role === 'admin' ? (
              <Link className="button button-secondary" to="/admin/assets">
                Manage assets
              </Link>
            ) : null}
          </>
        }
      />
      <div className="asset-top">
        <section className="panel asset-facts-panel" aria-label="About it">
          <dl className="facts">
            <div className="fact">
              <dt>Tag</dt>
              <dd>
                <code className="asset-page-tag">{asset.tag}</code>
              </dd>
            </div>
            <div className="fact">
              <dt>Location</dt>
              <dd>{asset.locationId ? (location?.name ?? 'Unknown location') : 'None'}</dd>
            </div>
            <div className="fact">
              <dt>Category</dt>
              <dd>{asset.categoryId ? (category?.name ?? 'Unknown category') : 'None'}</dd>
            </div>
            <div className="fact">
              <dt>Status</dt>
              <dd>
                {asset.active
                  ? 'Active: offered when someone logs a request'
                  : 'Inactive: no longer offered for new requests'}
              </dd>
            </div>
          </dl>
        </section>
        <figure className="panel asset-qr">
          <img
            src={assetQrUrl(asset.id)}
            alt={`QR code for ${asset.name}: opens ${link}`}
            width={144}
            height={144}
          />
          <figcaption>
            <span className="asset-qr-cta">Scan to report a problem</span>
            <span className="asset-qr-link">{link}</span>
          </figcaption>
        </figure>
      </div>
      <Figures figures={asset.figures} />
      <AssetRequests asset={asset} />
    </div>
  );
}

/** An asset's page, by id or tag: what it is, its label, how it has fared, and its requests. */
export function AssetPage() {
  const { idOrTag = '' } = useParams();
  const asset = useQuery(assetQueries.detail(idOrTag));

  if (asset.isPending) {
    return (
      <div className="page">
        <PageHeader title={idOrTag} documentTitle={idOrTag} />
        <LoadingState label={`Loading ${idOrTag}…`} lines={5} />
      </div>
    );
  }
  if (asset.isError) {
    if (isApiError(asset.error) && asset.error.status === 404) {
      return (
        <div className="page page-narrow">
          <PageHeader title="Asset not found" documentTitle="Asset not found" />
          <EmptyState
            title={`No asset has the tag ${idOrTag}`}
            action={
              <Link className="button button-secondary" to="/requests">
                See open items
              </Link>
            }
          >
            <p>Check the tag on its label. An admin can register it under Admin › Assets.</p>
          </EmptyState>
        </div>
      );
    }
    return (
      <div className="page">
        <PageHeader title={idOrTag} documentTitle={idOrTag} />
        <ErrorState
          title={`${idOrTag} could not be loaded`}
          error={asset.error}
          onRetry={() => asset.refetch()}
        />
      </div>
    );
  }
  return <AssetView asset={asset.data} />;
}
