import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RelativeTime } from '../../client/src/components/relative-time';
import { formatDateTime, formatTarget } from '../../client/src/lib/time';

const minute = 60_000;
const hour = 60 * minute;

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('Times', () => {
  it('says how far a target is, before and after it passes', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(formatTarget(new Date(now + 3 * hour).toISOString(), now)).toBe('breaches in 3 h');
    expect(formatTarget(new Date(now - 2 * 24 * hour).toISOString(), now)).toBe('breached 2 d ago');
    expect(formatTarget(new Date(now + 20_000).toISOString(), now)).toBe('breaches now');
  });

  it('keeps a relative time true as the clock moves, with the exact local time on hover and focus', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-03T10:00:00Z') });
    const iso = new Date(Date.now() - 59 * minute).toISOString();
    render(<RelativeTime iso={iso} focusable />);
    const time = screen.getByText('59 min ago');
    expect(time.getAttribute('title')).toBe(formatDateTime(iso));
    expect(time.getAttribute('data-exact')).toBe(formatDateTime(iso));
    expect(time.getAttribute('tabindex')).toBe('0');
    act(() => {
      vi.advanceTimersByTime(2 * minute);
    });
    expect(screen.getByText('1 h ago')).toBe(time);
  });

  it('adds no tab stop unless asked, so a list row does not gain one per time', () => {
    render(<RelativeTime iso={new Date().toISOString()} style="target" />);
    expect(screen.getByText('breaches now').hasAttribute('tabindex')).toBe(false);
  });
});
