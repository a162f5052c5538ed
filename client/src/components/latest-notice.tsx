import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react';

interface Scope {
  latest: number;
  claim: () => number;
}

const LatestNoticeContext = createContext<Scope | null>(null);

/**
 * Sections of one screen that each confirm what was just done ("Resolved …",
 * "The handoff … is done") share a scope, so only the newest word shows: the
 * older one is history, already on the timeline.
 */
export function LatestNoticeScope({ children }: { children: ReactNode }) {
  const [latest, setLatest] = useState(0);
  const next = useRef(0);
  const claim = useCallback(() => {
    next.current += 1;
    setLatest(next.current);
    return next.current;
  }, []);
  const value = useMemo(() => ({ latest, claim }), [latest, claim]);
  return <LatestNoticeContext.Provider value={value}>{children}</LatestNoticeContext.Provider>;
}

/** Whether nothing has been said in the scope yet (a notice from before, e.g. "Logged as …", may stay). */
export function useNothingNoticedYet(): boolean {
  return (useContext(LatestNoticeContext)?.latest ?? 0) === 0;
}

/**
 * A section's notice: what it set last, shown only while no other section of the
 * scope has spoken since. Each set is a new object, so effects that focus it rerun.
 */
export function useLatestNotice<T>(): [{ value: T } | null, (value: T | null) => void] {
  const scope = useContext(LatestNoticeContext);
  const [state, setState] = useState<{ value: T; token: number } | null>(null);
  const set = useCallback(
    (value: T | null) => {
      if (value === null) setState(null);
      else setState({ value, token: scope ? scope.claim() : 0 });
    },
    [scope],
  );
  const shown = state && (!scope || scope.latest === state.token) ? state : null;
  return [shown, set];
}
