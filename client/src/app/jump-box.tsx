import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { defaultView, writeView } from '../features/requests/list-view';
import './jump-box.css';

export const JUMP_BOX_ID = 'jump-box-input';

/**
 * A request's key as a person types it: REQ-12, req-12, "req 12" or REQ12. A bare
 * number is not a key: it may be an asset's tag, and the search finds the key too.
 */
const keyPattern = /^req[-\s]?0*(\d{1,15})$/i;

/** The route a jump box entry leads to: the request for a key, else Open items searching for it. */
export function jumpTarget(text: string): string | null {
  const entry = text.trim();
  if (!entry) return null;
  const key = keyPattern.exec(entry);
  if (key) return `/requests/REQ-${key[1]}`;
  const search = writeView({ ...defaultView, q: entry.slice(0, 200) }).toString();
  return `/requests?${search}`;
}

/** The navigation's search: a key opens that request, anything else searches Open items. */
export function JumpBox() {
  const navigate = useNavigate();
  const [text, setText] = useState('');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = jumpTarget(text);
    if (!target) return;
    setText('');
    void navigate(target);
  }

  return (
    <search className="jump-box" aria-label="Jump to a request or search">
      <form onSubmit={handleSubmit} className="jump-box-form">
        <label htmlFor={JUMP_BOX_ID} className="visually-hidden">
          Jump to a request or search
        </label>
        <input
          id={JUMP_BOX_ID}
          type="search"
          className="jump-box-input"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="REQ-12 or words"
          enterKeyHint="go"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          aria-keyshortcuts="/"
        />
        <button type="submit" className="button button-quiet jump-box-go">
          Go<span className="visually-hidden"> to the request or search</span>
        </button>
      </form>
    </search>
  );
}
