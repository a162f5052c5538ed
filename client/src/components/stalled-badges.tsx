import type { StalledItem } from '@followthrough/shared';
import { stalledExplanations, stalledLabels } from '../lib/labels';
import { formatDateTime, formatRelative } from '../lib/time';

/** Why a request is stalled, one badge per reason; nothing when it is not. */
export function StalledBadges({ stalled }: { stalled: readonly StalledItem[] }) {
  if (stalled.length === 0) return null;
  return (
    <ul className="badge-list" aria-label="Stalled">
      {stalled.map((item) => (
        <li key={item.reason}>
          <span className="badge badge-stalled" title={stalledExplanations[item.reason]}>
            {stalledLabels[item.reason]}
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
