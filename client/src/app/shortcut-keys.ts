/**
 * Letters the whole app uses (new request, go to, next/previous item, comment), so
 * a page's own letters never shadow them. `o` is not here: it opens a highlighted
 * list item, and a page's letter takes it only when no item is highlighted.
 */
export const GLOBAL_LETTERS: ReadonlySet<string> = new Set(['c', 'g', 'j', 'k', 'm']);

/** The letter that writes a comment on a request's page. */
export const COMMENT_LETTER = 'm';

export interface ShortcutCandidate {
  id: string;
  label: string;
  /** The letter the person would guess, when it is not the label's first one. */
  prefer?: string;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz';

/**
 * One letter per candidate, in the order given: the preferred letter, else the
 * initials of the label's words, else the label's other letters, else the first
 * free letter of the alphabet. Taken and reserved letters are skipped, so the same
 * candidates always get the same letters. A candidate left without one gets none.
 */
export function assignLetters(
  candidates: readonly ShortcutCandidate[],
  reserved: ReadonlySet<string> = GLOBAL_LETTERS,
): Map<string, string> {
  const taken = new Set(reserved);
  const letters = new Map<string, string>();
  for (const { id, label, prefer } of candidates) {
    const words = label
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter(Boolean);
    const initials = words.map((word) => word[0]!);
    const rest = words.join('');
    const choices = `${prefer ?? ''}${initials.join('')}${rest}${alphabet}`;
    const letter = [...choices].find((ch) => !taken.has(ch));
    if (!letter) continue;
    taken.add(letter);
    letters.set(id, letter);
  }
  return letters;
}
