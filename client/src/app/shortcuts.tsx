import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useLocation, useNavigate } from 'react-router';
import { ActionDialog } from '../components/actions/action-dialog';
import { mayReview } from '../lib/roles';
import { JUMP_BOX_ID } from './jump-box';
import { COMMENT_LETTER } from './shortcut-keys';
import { LIST_ITEM_SELECTOR, useListKeys } from './use-list-keys';
import { useSignedInPerson } from './use-signed-in-person';
import './shortcuts.css';

/** How long after `g` the second key of a "go to" counts. */
const CHORD_MS = 1500;

interface GoTo {
  key: string;
  path: string;
  label: string;
}

const goToAll: (GoTo & { show?: 'review' })[] = [
  { key: 'm', path: '/', label: 'My work' },
  { key: 'i', path: '/inbox', label: 'Inbox' },
  { key: 'o', path: '/requests', label: 'Open items' },
  { key: 'r', path: '/review', label: 'Review', show: 'review' },
  { key: 'f', path: '/figures', label: 'Figures' },
];

const textInputTypes = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
]);

/** Whether a key pressed here is typing: a text field, a select, or editable content. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !textInputTypes.has(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target.isContentEditable ||
    target.closest('[contenteditable=""], [contenteditable="true"]') !== null
  );
}

const main = () => document.getElementById('main');

/** The page's own letters (a request's actions), read from the page when help opens. */
function pageLetters(): { key: string; label: string }[] {
  const found = main()?.querySelectorAll<HTMLElement>('[aria-keyshortcuts]') ?? [];
  return [...found]
    .map((element) => ({
      key: element.getAttribute('aria-keyshortcuts') ?? '',
      label: (element.textContent ?? '').replace(/\s+/g, ' ').trim(),
    }))
    .filter(({ key, label }) => /^[a-z]$/.test(key) && label);
}

function Keys({ keys }: { keys: string[] }) {
  return (
    <>
      {keys.map((key, index) => (
        <Fragment key={key}>
          {index > 0 ? ' then ' : null}
          <kbd className="kbd">{key}</kbd>
        </Fragment>
      ))}
    </>
  );
}

function ShortcutList({
  label,
  items,
}: {
  label: string;
  items: { keys: string[]; does: string }[];
}) {
  const id = `shortcuts-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section className="shortcut-group" aria-labelledby={id}>
      <h3 id={id} className="shortcut-group-title">
        {label}
      </h3>
      <dl className="shortcut-list">
        {items.map(({ keys, does }) => (
          <div key={keys.join(' ')} className="shortcut">
            <dt>
              <Keys keys={keys} />
            </dt>
            <dd>{does}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/**
 * The keyboard shortcuts of every signed-in screen: one listener for the whole
 * app, quiet while the person types in a field, holds Ctrl, Alt or Meta, or has
 * a dialog open. `?` lists them. `revealMenu` opens the phone menu, where the
 * jump box lives on a narrow screen.
 */
export function Shortcuts({ revealMenu }: { revealMenu: () => void }) {
  const person = useSignedInPerson();
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef(location);
  here.current = location;
  const [help, setHelp] = useState<{ page: { key: string; label: string }[] } | null>(null);
  const chordAt = useRef(0);
  const list = useListKeys(main);
  const reviews = mayReview(person);
  const goTo = useMemo(() => goToAll.filter((g) => g.show !== 'review' || reviews), [reviews]);

  const focusJumpBox = useCallback(() => {
    const input = document.getElementById(JUMP_BOX_ID);
    if (!(input instanceof HTMLInputElement)) return;
    input.focus();
    // Hidden in the folded phone menu: open it, then the field can take focus.
    if (document.activeElement !== input) {
      flushSync(revealMenu);
      input.focus();
    }
    input.select();
  }, [revealMenu]);

  // Going where the person already is would only add a step to Back.
  const go = useCallback(
    (path: string) => {
      const { pathname, search } = here.current;
      if (pathname !== path || search) void navigate(path);
    },
    [navigate],
  );

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const { key } = event;

      const chord = chordAt.current && Date.now() - chordAt.current <= CHORD_MS;
      chordAt.current = 0;
      if (chord) {
        const target = goTo.find((g) => g.key === key);
        if (target) {
          event.preventDefault();
          go(target.path);
        }
        return;
      }

      const handled = ((): boolean => {
        switch (key) {
          case '?':
            setHelp({ page: pageLetters() });
            return true;
          case '/':
            focusJumpBox();
            return true;
          case 'c':
            go('/requests/new');
            return true;
          case 'g':
            chordAt.current = Date.now();
            return true;
          case 'j':
            return list.move(1);
          case 'k':
            return list.move(-1);
          case 'Enter':
            // Only on the highlighted item itself; on its link or a button Enter is theirs.
            return event.target instanceof Element && event.target.matches(LIST_ITEM_SELECTOR)
              ? list.open()
              : false;
          case COMMENT_LETTER: {
            const comment = document.getElementById('comment-body');
            comment?.focus();
            return comment !== null;
          }
        }
        if (key === 'o' && list.open()) return true;
        if (!/^[a-z]$/.test(key)) return false;
        // A letter the page gives a button (a request's actions): do what a click does.
        const button = main()?.querySelector<HTMLElement>(`[aria-keyshortcuts="${key}"]`);
        if (!button) return false;
        button.focus();
        button.click();
        return true;
      })();
      if (handled) event.preventDefault();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [goTo, list, go, focusJumpBox]);

  if (!help) return null;
  return (
    <ActionDialog id="shortcuts-help" title="Keyboard shortcuts" onClose={() => setHelp(null)}>
      <p className="shortcut-intro">
        Shortcuts work anywhere except while you type in a field. Press Escape to close this.
      </p>
      <ShortcutList
        label="Anywhere"
        items={[
          { keys: ['?'], does: 'Show these shortcuts' },
          { keys: ['/'], does: 'Jump to a request or search' },
          { keys: ['c'], does: 'New request' },
          ...goTo.map((g) => ({ keys: ['g', g.key], does: `Go to ${g.label}` })),
        ]}
      />
      <ShortcutList
        label="In a list"
        items={[
          { keys: ['j'], does: 'Next item' },
          { keys: ['k'], does: 'Previous item' },
          { keys: ['o'], does: 'Open the highlighted item (or Enter)' },
        ]}
      />
      <ShortcutList
        label="On a request"
        items={[
          { keys: [COMMENT_LETTER], does: 'Write a comment' },
          ...(help.page.length > 0
            ? help.page.map(({ key, label }) => ({ keys: [key], does: label }))
            : [{ keys: ['a–z'], does: 'The letter shown on an action’s button does that action' }]),
        ]}
      />
    </ActionDialog>
  );
}
