import type { StalledItem } from '@followthrough/shared';
import { stalledExplanations, stalledLabels } from '../lib/labels';
import { formatAge, formatDateTime, formatRelative } from '../lib/time';

/**
 * Why a request is stalled, one badge per reason in words, with how long it has
 * been so; the full sentence is the tooltip. Nothing when it is not stalled.
 */
export function StalledBadges({ stalled }: { stalled: readonly StalledItem[] }) {
  if (stalled.length === 0) return null;
  return (
    <ul className="badge-list" aria-label="Stalled">
      {stalled.map((item) => (
        <li key={item.reason}>
          <span
            className="badge badge-stalled"
            title={`${stalledExplanations[item.reason]} Since ${formatDateTime(item.since)}.`}
          >
            {stalledLabels[item.reason]}
            <span className="badge-since"> · {formatAge(item.since)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The stalled reasons in full sentences, with when each began. */
export function StalledNotice({ stalled }: { stalled: readonly StalledItem[] }) {
  if (stalled.length === 0) return null;
  return (
    <section className="notice notice-stalled" aria-labelledby="stalled-heading">
      <h2 id="stalled-heading" className="notice-title">
        Stalled
      </h2>
      <ul className="stalled-reasons">
        {stalled.map((item) => (
          <li key={item.reason}>
            <span className="badge badge-stalled">{stalledLabels[item.reason]}</span>{' '}
            <span>{stalledExplanations[item.reason]}</span>{' '}
            <span className="muted">
              Since{' '}
              <time dateTime={item.since} title={formatDateTime(item.since)}>
                {formatRelative(item.since)}
              </time>
              .
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
