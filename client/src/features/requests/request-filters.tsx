import type { Category, Location, Person, RequestSort, Team } from '@followthrough/shared';
import { priorities, stalledReasons, statuses } from '@followthrough/shared/constants';
import { useEffect, useRef, useState } from 'react';
import { FilterPanel } from '../../components/filter-panel';
import { priorityLabels, stalledLabels, statusLabels } from '../../lib/labels';
import { defaultView, isFiltered, type ListView } from './list-view';

const sortLabels: Record<RequestSort, string> = {
  '-created': 'Newest first',
  created: 'Oldest first',
  '-updated': 'Recently updated',
  updated: 'Least recently updated',
  target: 'Target, soonest first',
  '-target': 'Target, latest first',
  '-priority': 'Priority, highest first',
  priority: 'Priority, lowest first',
};

const SEARCH_DELAY_MS = 300;

/** The search box: applies as you type (after a pause), or at once on Enter. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const pushed = useRef(value);
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  // Follow the URL when it changes from elsewhere (back button, "Clear filters").
  useEffect(() => {
    if (value !== pushed.current) {
      pushed.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text.trim() === pushed.current.trim()) return;
    const timer = setTimeout(() => {
      pushed.current = text;
      onSearchRef.current(text);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="filter filter-search">
      <label htmlFor="filter-q">Search</label>
      <input
        id="filter-q"
        type="search"
        name="q"
        value={text}
        maxLength={200}
        placeholder="Key, title, asset or description"
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            pushed.current = text;
            onSearch(text);
          }
        }}
      />
    </div>
  );
}

function Select({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: React.ReactNode;
}) {
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** Every filter of the Open items list; each change is written to the URL at once. */
export function RequestFilters({
  view,
  onChange,
  categories,
  people,
  locations = [],
  teams = [],
}: {
  view: ListView;
  onChange: (patch: Partial<ListView>) => void;
  categories: readonly Category[];
  people: readonly Person[];
  locations?: readonly Location[];
  teams?: readonly Team[];
}) {
  const activePeople = people.filter((p) => p.active || p.id === view.owner);
  const requesters = people.filter((p) => p.active || p.id === view.requester);
  const knownRequester =
    ['', 'me'].includes(view.requester) || people.some((p) => p.id === view.requester);
  const knownLocation = view.location === '' || locations.some((l) => l.id === view.location);
  const knownTeam = view.team === '' || teams.some((t) => t.id === view.team);
  const knownOwner =
    ['', 'me', 'none'].includes(view.owner) || people.some((p) => p.id === view.owner);
  const knownCategory = view.category === '' || categories.some((c) => c.id === view.category);

  const narrowing = [
    view.status !== 'open',
    view.owner,
    view.requester,
    view.category,
    view.location,
    view.team,
    view.priority,
    view.stalled,
  ].filter(Boolean).length;

  return (
    <FilterPanel
      id="filter-grid"
      label="Filter requests"
      toggleText="Filters"
      active={narrowing}
      top={<SearchBox value={view.q} onSearch={(q) => onChange({ q })} />}
      footer={
        isFiltered(view) ? (
          <button
            type="button"
            className="button button-quiet filters-clear"
            onClick={() => onChange({ ...defaultView, sort: view.sort })}
          >
            Clear filters
          </button>
        ) : null
      }
    >
      <Select
        id="filter-status"
        label="Status"
        value={view.status}
        onChange={(status) => onChange({ status: status as ListView['status'] })}
      >
        <option value="open">Open</option>
        {statuses.map((s) => (
          <option key={s} value={s}>
            {statusLabels[s]}
          </option>
        ))}
        <option value="all">All statuses</option>
      </Select>
      <Select
        id="filter-owner"
        label="Owner"
        value={view.owner}
        onChange={(owner) => onChange({ owner })}
      >
        <option value="">Anyone</option>
        <option value="me">Me</option>
        <option value="none">Nobody (unowned)</option>
        {knownOwner ? null : <option value={view.owner}>Someone else</option>}
        {activePeople.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </Select>
      <Select
        id="filter-requester"
        label="Logged by"
        value={view.requester}
        onChange={(requester) => onChange({ requester })}
      >
        <option value="">Anyone</option>
        <option value="me">Me</option>
        {knownRequester ? null : <option value={view.requester}>Someone else</option>}
        {requesters.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </Select>
      <Select
        id="filter-location"
        label="Location"
        value={view.location}
        onChange={(location) => onChange({ location })}
      >
        <option value="">All locations</option>
        {knownLocation ? null : <option value={view.location}>Another location</option>}
        {locations.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </Select>
      <Select
        id="filter-team"
        label="Team"
        value={view.team}
        onChange={(team) => onChange({ team })}
      >
        <option value="">All teams</option>
        {knownTeam ? null : <option value={view.team}>Another team</option>}
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </Select>
      <Select
        id="filter-category"
        label="Category"
        value={view.category}
        onChange={(category) => onChange({ category })}
      >
        <option value="">All categories</option>
        {knownCategory ? null : <option value={view.category}>Another category</option>}
        {categories.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </Select>
      <Select
        id="filter-priority"
        label="Priority"
        value={view.priority}
        onChange={(priority) => onChange({ priority: priority as ListView['priority'] })}
      >
        <option value="">Any priority</option>
        {[...priorities].reverse().map((p) => (
          <option key={p} value={p}>
            {priorityLabels[p]}
          </option>
        ))}
      </Select>
      <Select
        id="filter-stalled"
        label="Stalled"
        value={view.stalled}
        onChange={(stalled) => onChange({ stalled: stalled as ListView['stalled'] })}
      >
        <option value="">Stalled or not</option>
        <option value="any">Stalled, any reason</option>
        {stalledReasons.map((r) => (
          <option key={r} value={r}>
            Stalled: {stalledLabels[r]}
          </option>
        ))}
      </Select>
      <Select
        id="filter-sort"
        label="Sort by"
        value={view.sort}
        onChange={(sort) => onChange({ sort: sort as RequestSort })}
      >
        {Object.entries(sortLabels).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
    </FilterPanel>
  );
}
