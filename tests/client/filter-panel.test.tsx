import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FilterPanel } from '../../client/src/components/filter-panel';

afterEach(cleanup);

describe('one responsive filter pattern for lists and figures', () => {
  it('folds the controls behind a button that names how many are in use and what it opens', () => {
    render(
      <FilterPanel
        id="queue-controls"
        label="Arrange the queue"
        toggleText="Order and filters"
        active={2}
      >
        <label htmlFor="order">Order</label>
        <select id="order" />
      </FilterPanel>,
    );
    // jsdom does not map <search> to its role yet; the landmark is found by its name.
    const panel = document.querySelector('search[aria-label="Arrange the queue"]')!;
    const toggle = screen.getByRole('button', { name: 'Order and filters (2)' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const region = document.getElementById(toggle.getAttribute('aria-controls')!);
    expect(region?.contains(screen.getByLabelText('Order'))).toBe(true);
    expect(panel.classList.contains('is-expanded')).toBe(false);

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(panel.classList.contains('is-expanded')).toBe(true);
  });

  it('says nothing of a count when no control narrows what is shown', () => {
    render(
      <FilterPanel id="period" label="Period and grouping" toggleText="Period and grouping">
        <input aria-label="From" />
      </FilterPanel>,
    );
    expect(screen.getByRole('button', { name: 'Period and grouping' })).toBeTruthy();
  });
});
