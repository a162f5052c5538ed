import { formatAge, formatDate, formatDateTime, formatRelative } from '../lib/time';

type Style = 'relative' | 'age' | 'date';

/** A time shown compactly, with the full moment on hover and in the markup. */
export function RelativeTime({ iso, style = 'relative' }: { iso: string; style?: Style }) {
  const text =
    style === 'age' ? formatAge(iso) : style === 'date' ? formatDate(iso) : formatRelative(iso);
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {text}
    </time>
  );
}
