import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LatestNoticeScope,
  useLatestNotice,
  useNothingNoticedYet,
} from '../../client/src/components/latest-notice';

afterEach(cleanup);

function Section({ name }: { name: string }) {
  const [notice, setNotice] = useLatestNotice<string>();
  return (
    <section aria-label={name}>
      <button type="button" onClick={() => setNotice(`${name} done`)}>
        Act in {name}
      </button>
      {notice ? <p role="status">{notice.value}</p> : null}
    </section>
  );
}

function Logged() {
  return useNothingNoticedYet() ? <p role="status">Logged as REQ-1</p> : null;
}

describe('old notices do not pile up on the request page', () => {
  it('shows only the newest of the sections’ notices, and the created notice until then', () => {
    render(
      <LatestNoticeScope>
        <Logged />
        <Section name="Handoffs" />
        <Section name="Actions" />
      </LatestNoticeScope>,
    );
    const texts = () => screen.queryAllByRole('status').map((n) => n.textContent);
    expect(texts()).toEqual(['Logged as REQ-1']);

    fireEvent.click(screen.getByRole('button', { name: 'Act in Handoffs' }));
    expect(texts()).toEqual(['Handoffs done']);

    fireEvent.click(screen.getByRole('button', { name: 'Act in Actions' }));
    expect(texts()).toEqual(['Actions done']);

    fireEvent.click(screen.getByRole('button', { name: 'Act in Handoffs' }));
    expect(texts()).toEqual(['Handoffs done']);
  });
});
