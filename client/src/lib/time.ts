const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formatOptions = {
  weekday: { weekday: 'short' },
  date: { day: 'numeric', month: 'short' },
  dateYear: { day: 'numeric', month: 'short', year: 'numeric' },
  dateTime: {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  },
  dateTimeYear: {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
type FormatName = keyof typeof formatOptions;
const formats = new Map<FormatName, Intl.DateTimeFormat>();

function format(name: FormatName): Intl.DateTimeFormat {
  let made = formats.get(name);
  if (!made) {
    made = new Intl.DateTimeFormat(undefined, formatOptions[name]);
    formats.set(name, made);
  }
  return made;
}

/**
 * Makes the date formats before their first use. The first Intl object a page makes loads the
 * locale's data, tens of milliseconds; the app calls this while the first screen's code and data
 * are on their way, so that time is not added to the screen's first render.
 */
export function prepareDateFormats() {
  for (const name of Object.keys(formatOptions) as FormatName[]) format(name);
}

/** A compact span: "12 min", "5 h", "3 d", "6 wk", "4 mo", "2 yr". */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'now';
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY) return `${Math.floor(abs / HOUR)} h`;
  if (abs < 14 * DAY) return `${Math.floor(abs / DAY)} d`;
  if (abs < 60 * DAY) return `${Math.floor(abs / (7 * DAY))} wk`;
  if (abs < 365 * DAY) return `${Math.floor(abs / (30 * DAY))} mo`;
  return `${Math.floor(abs / (365 * DAY))} yr`;
}

/** How long ago something began, e.g. a request's age. */
export function formatAge(iso: string, now = Date.now()): string {
  return formatDuration(now - Date.parse(iso));
}

/** "in 3 d", "2 h ago", "now". */
export function formatRelative(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  const span = formatDuration(diff);
  if (span === 'now') return 'now';
  return diff > 0 ? `in ${span}` : `${span} ago`;
}

/** A target as a countdown: "breaches in 3 h", "breached 2 d ago". */
export function formatTarget(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  const span = formatDuration(diff);
  if (span === 'now') return 'breaches now';
  return diff > 0 ? `breaches in ${span}` : `breached ${span} ago`;
}

/** "12 Mar", with the year when it is not this year. */
export function formatDate(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  return date.getFullYear() === new Date(now).getFullYear()
    ? format('date').format(date)
    : format('dateYear').format(date);
}

/** "Tue". */
export const formatWeekday = (iso: string) => format('weekday').format(new Date(iso));

/** The full moment, for tooltips and the timeline; the year only when it is not this one. */
export function formatDateTime(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  return date.getFullYear() === new Date(now).getFullYear()
    ? format('dateTime').format(date)
    : format('dateTimeYear').format(date);
}

export const isPast = (iso: string, now = Date.now()) => Date.parse(iso) < now;

/** Minutes as words: 60 → "1 hour", 4320 → "3 days". */
export function formatMinutes(minutes: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment as the value of a datetime-local input, in the person's own time zone. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value ("2026-03-12T14:00", local time) as ISO 8601 UTC; undefined when it is not one. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * A span of minutes in words, to the unit that matters: "40 minutes", "5 hours",
 * "1 day 6 hours", "12 days", "3 months", "1 year".
 */
export function spanInWords(minutes: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const m = Math.max(0, Math.floor(minutes));
  if (m < 1) return 'less than a minute';
  if (m < 60) return plural(m, 'minute');
  const hours = Math.floor(m / 60);
  if (hours < 24) return plural(hours, 'hour');
  const days = Math.floor(hours / 24);
  if (days < 2) {
    const rest = hours - days * 24;
    return rest > 0 ? `${plural(days, 'day')} ${plural(rest, 'hour')}` : plural(days, 'day');
  }
  if (days < 60) return plural(days, 'day');
  if (days < 365) return plural(Math.floor(days / 30), 'month');
  return plural(Math.floor(days / 365), 'year');
}
