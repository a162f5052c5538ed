import type { Person, Team } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { directoryQueries } from '../api/directory';
import { roleLabels } from '../lib/labels';
import type { FieldControlProps } from './form-field';
import './people-picker.css';

/** Enough to pick from; more is noise, and typing narrows it. */
const SHOWN_AT_MOST = 50;

/** Case and accents ignored, so "jose" finds José. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

interface Candidate {
  person: Person;
  teams: string[];
  /** Name, email and team names, folded: what typing is matched against. */
  haystack: string;
  words: string[];
}

function candidateOf(person: Person, teamNames: ReadonlyMap<string, string>): Candidate {
  const teams = person.teamIds.flatMap((id) => {
    const name = teamNames.get(id);
    return name ? [name] : [];
  });
  return {
    person,
    teams,
    haystack: fold([person.name, person.email, ...teams].join(' ')),
    words: fold(person.name).split(/\s+/),
  };
}

/** Every word typed must be found; people whose name starts with the first come first. */
function narrow(candidates: readonly Candidate[], query: string): Candidate[] {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...candidates];
  const found = candidates.filter((c) => terms.every((t) => c.haystack.includes(t)));
  const first = terms[0]!;
  const early = (c: Candidate) => (c.words.some((w) => w.startsWith(first)) ? 0 : 1);
  return found.sort((a, b) => early(a) - early(b));
}

const detailOf = (c: Pick<Candidate, 'person' | 'teams'>) =>
  [roleLabels[c.person.role], c.teams.join(', ')].filter(Boolean).join(' · ');

export interface PeoplePickerProps extends FieldControlProps {
  /** The field's label, naming the Clear button until the people have loaded. */
  label: string;
  /** A person's id, or '' for nobody. */
  value: string;
  onChange: (personId: string) => void;
  /** Who may be chosen, beyond being active (e.g. not the current owner). */
  include?: (person: Person) => boolean;
  /** Shown while nobody is chosen: what nobody means here. */
  placeholder?: string;
  /** People to list first, under their own heading (e.g. the category's team). */
  first?: { label: string; test: (person: Person) => boolean };
  name?: string;
}

/**
 * A type-ahead combobox for choosing one active person (WAI-ARIA APG, combobox with
 * listbox popup, list autocomplete with manual selection). Typing narrows by name,
 * email or team; ↓/↑ move, Enter chooses, Escape closes and a second Escape clears.
 */
export function PeoplePicker({
  id,
  label,
  value,
  onChange,
  include,
  placeholder,
  first,
  name,
  'aria-describedby': describedBy,
  'aria-invalid': invalid,
}: PeoplePickerProps) {
  const people = useQuery(directoryQueries.people());
  const teams = useQuery(directoryQueries.teams());
  const [open, setOpen] = useState(false);
  /** What was typed since the last choice; null while the box shows the chosen person. */
  const [typed, setTyped] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = `${id}-listbox`;
  const chosenId = `${id}-chosen`;
  const optionId = (personId: string) => `${id}-option-${personId}`;

  const teamNames = useMemo(
    () => new Map((teams.data ?? []).map((t: Team) => [t.id, t.name])),
    [teams.data],
  );
  const candidates = useMemo(
    () =>
      (people.data ?? [])
        .filter((p) => p.active && (include ? include(p) : true))
        .map((p) => candidateOf(p, teamNames))
        .sort((a, b) => a.person.name.localeCompare(b.person.name)),
    [people.data, teamNames, include],
  );
  const chosen = (people.data ?? []).find((p) => p.id === value);
  const found = typed === null ? candidates : narrow(candidates, typed);
  const inFirst = first ? found.filter((c) => first.test(c.person)) : [];
  const ordered =
    inFirst.length > 0 ? [...inFirst, ...found.filter((c) => !inFirst.includes(c))] : found;
  const shown = ordered.slice(0, SHOWN_AT_MOST);
  const expanded = open && shown.length > 0;
  const active = expanded ? shown.find((c) => c.person.id === activeId) : undefined;
  const text = typed ?? chosen?.name ?? '';

  // The highlighted person stays in sight as the arrows move through a long list.
  useEffect(() => {
    if (active)
      document.getElementById(optionId(active.person.id))?.scrollIntoView?.({ block: 'nearest' });
  });

  function choose(personId: string) {
    onChange(personId);
    setTyped(null);
    setOpen(false);
    setActiveId(null);
  }

  function clear() {
    if (value !== '') onChange('');
    setTyped(null);
    setActiveId(null);
  }

  function move(to: 'next' | 'previous' | 'first' | 'last') {
    if (shown.length === 0) return;
    const at = active ? shown.indexOf(active) : -1;
    const last = shown.length - 1;
    const index =
      to === 'first'
        ? 0
        : to === 'last'
          ? last
          : to === 'next'
            ? at < 0 || at === last
              ? 0
              : at + 1
            : at <= 0
              ? last
              : at - 1;
    setActiveId(shown[index]!.person.id);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        setOpen(true);
        // Alt+↓ only opens the list, as the pattern has it.
        if (event.altKey) return;
        const down = event.key === 'ArrowDown';
        if (!expanded || !active) move(down ? 'first' : 'last');
        else move(down ? 'next' : 'previous');
        return;
      }
      case 'Home':
      case 'End':
        // Without a highlighted person they move the text cursor, as in any text box.
        if (!active) return;
        event.preventDefault();
        move(event.key === 'Home' ? 'first' : 'last');
        return;
      case 'Enter':
        if (active) {
          event.preventDefault();
          choose(active.person.id);
        } else if (typed !== null) {
          // Half-typed is not a choice (nor a reason to submit); a single match is plainly meant.
          event.preventDefault();
          if (found.length === 1) choose(found[0]!.person.id);
          else setOpen(true);
        }
        return;
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setActiveId(null);
        } else if (text !== '' || value !== '') {
          event.preventDefault();
          event.stopPropagation();
          clear();
        }
        // With nothing to close or clear, Escape reaches the dialog around it.
        return;
      case 'Tab':
        // Leaving keeps the person chosen; what was half-typed goes.
        setOpen(false);
        setTyped(null);
        setActiveId(null);
        return;
    }
  }

  // Said to screen readers as the list changes; the same words are shown when there is no list.
  const note = !open
    ? ''
    : people.isPending
      ? 'Loading people…'
      : people.isError
        ? 'People could not be loaded.'
        : found.length === 0
          ? typed?.trim()
            ? `Nobody matches “${typed.trim()}”.`
            : 'Nobody can be chosen here.'
          : found.length > shown.length
            ? `The first ${shown.length} of ${found.length} people: type more to narrow it.`
            : '';
  const status =
    note ||
    (open && typed !== null
      ? found.length === 1
        ? '1 person matches.'
        : `${found.length} people match.`
      : '');

  const optionOf = (c: Candidate): ReactNode => {
    const isActive = c === active;
    return (
      // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the box; aria-activedescendant points here
      // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the box's (↓ ↑ Enter)
      <div
        key={c.person.id}
        id={optionId(c.person.id)}
        role="option"
        aria-selected={isActive}
        className={isActive ? 'people-picker-option is-active' : 'people-picker-option'}
        // Keeps focus in the box, so choosing with the mouse does not blur it first.
        onMouseDown={(e) => e.preventDefault()}
        onMouseMove={() => {
          if (!isActive) setActiveId(c.person.id);
        }}
        onClick={() => choose(c.person.id)}
      >
        <span className="people-picker-name">
          {c.person.name}
          {c.person.id === value ? <span className="people-picker-current"> (chosen)</span> : null}
        </span>
        <span className="visually-hidden">, </span>
        <span className="people-picker-meta">{detailOf(c)}</span>
      </div>
    );
  };

  const group = (groupId: string, heading: string, members: readonly Candidate[]) => (
    // biome-ignore lint/a11y/useSemanticElements: a listbox holds option groups, not form fieldsets
    <div role="group" aria-labelledby={groupId}>
      <div role="presentation" id={groupId} className="people-picker-group">
        {heading}
      </div>
      {members.map(optionOf)}
    </div>
  );
  const grouped = first && inFirst.length > 0;
  const firstShown = shown.filter((c) => inFirst.includes(c));
  const restShown = shown.filter((c) => !inFirst.includes(c));
  const chosenDetail = chosen
    ? chosen.active
      ? detailOf(candidateOf(chosen, teamNames))
      : `${detailOf(candidateOf(chosen, teamNames))} · deactivated`
    : '';

  return (
    <div className="people-picker">
      <div className="people-picker-box">
        <input
          ref={inputRef}
          id={id}
          name={name}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={active ? optionId(active.person.id) : undefined}
          aria-describedby={
            [chosen && typed === null ? chosenId : undefined, describedBy]
              .filter(Boolean)
              .join(' ') || undefined
          }
          aria-invalid={invalid}
          placeholder={placeholder}
          value={text}
          onChange={(e) => {
            const next = e.target.value;
            setTyped(next);
            setOpen(true);
            setActiveId(null);
            // Emptying the box is choosing nobody, as it looks.
            if (next.trim() === '' && value !== '') onChange('');
          }}
          onClick={() => setOpen(true)}
          onKeyDown={handleKeyDown}
          onBlur={() => {
            setOpen(false);
            setTyped(null);
            setActiveId(null);
          }}
        />
        {value !== '' ? (
          <button
            type="button"
            className="people-picker-clear"
            onClick={() => {
              clear();
              inputRef.current?.focus();
            }}
          >
            Clear<span className="visually-hidden"> {chosen?.name ?? label}</span>
          </button>
        ) : null}
      </div>
      {chosen && typed === null ? (
        <p className="people-picker-chosen" id={chosenId}>
          {chosenDetail}
        </p>
      ) : null}
      <div className="people-picker-popup" hidden={!open || (shown.length === 0 && !note)}>
        {/* Kept in the page so aria-controls always points at it; shown only with people in it. */}
        <div
          id={listId}
          role="listbox"
          // Not the field's label: a second element by that name would make the label ambiguous.
          aria-label="Suggestions"
          className="people-picker-list"
          hidden={!expanded}
          onMouseDown={(e) => e.preventDefault()}
        >
          {grouped ? (
            <>
              {firstShown.length > 0 ? group(`${id}-group-first`, first.label, firstShown) : null}
              {restShown.length > 0 ? group(`${id}-group-rest`, 'Everyone else', restShown) : null}
            </>
          ) : (
            shown.map(optionOf)
          )}
        </div>
        {note ? (
          <p className="people-picker-note" aria-hidden="true">
            {note}
          </p>
        ) : null}
      </div>
      <output className="visually-hidden">{status}</output>
    </div>
  );
}
