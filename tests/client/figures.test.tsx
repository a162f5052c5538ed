import type {
  DurationStats,
  OpenReport,
  RatesReport,
  ServiceLevelsReport,
  TimesPeriodReport,
  TimesReport,
  WeeklyDurations,
} from '@followthrough/shared';
import * as contract from '@followthrough/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  defaultRange,
  mondayOf,
  readFiguresView,
  weeksBetween,
  writeFiguresView,
} from '../../client/src/features/metrics/figures-view';
import {
  formatHours,
  formatPercent,
  wholePercents,
} from '../../client/src/features/metrics/format';
import { aMe, type Call, fromContract, json, problemResponse, renderApp, stubApi } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const ids = {
  facilities: '20000000-0000-4000-8000-000000000001',
  equipment: '20000000-0000-4000-8000-000000000002',
  dana: '20000000-0000-4000-8000-000000000003',
};

const stats = (count: number, medianHours: number | null, p90Hours: number | null) =>
  ({ count, medianHours, p90Hours }) satisfies DurationStats;
const none = stats(0, null, null);

/** The whole-period figures the server gives at /times/period; /times carries their counts. */
function periodOf(report: TimesReport, totals: TimesPeriodReport['series']): TimesPeriodReport {
  return {
    from: report.from,
    to: report.to,
    asOf: report.asOf,
    groupBy: report.groupBy,
    series: totals,
  };
}

const counts = (t: Record<'own' | 'resolve' | 'outcome', DurationStats>) => ({
  own: { count: t.own.count },
  resolve: { count: t.resolve.count },
  outcome: { count: t.outcome.count },
});

function timesPeriod(call: Call): TimesPeriodReport {
  const report = timesReport(call);
  return periodOf(report, totalsOf(report.groupBy));
}

function totalsOf(groupBy: TimesReport['groupBy']): TimesPeriodReport['series'] {
  if (groupBy === 'none') {
    return [
      {
        group: null,
        own: stats(16, 2.7833333333333332, 27.016666666666666),
        resolve: stats(10, 110.4, 530.25),
        outcome: none,
      },
    ];
  }
  return [
    {
      group: { id: ids.facilities, name: 'Facilities' },
      own: stats(3, 4.5, 9.75),
      resolve: none,
      outcome: none,
    },
    {
      group: { id: ids.equipment, name: 'Equipment' },
      own: stats(2, 60, 72),
      resolve: none,
      outcome: none,
    },
  ];
}

/** A measure's columns over `weeks`, with one counted week (`week`) and nothing in the rest. */
function columns(weeks: string[], week: string, s: DurationStats): WeeklyDurations {
  return {
    count: weeks.map((w) => (w === week ? s.count : 0)),
    medianHours: weeks.map((w) => (w === week ? s.medianHours : null)),
    p90Hours: weeks.map((w) => (w === week ? s.p90Hours : null)),
  };
}

function timesReport(call: Call): TimesReport {
  const p = call.url.searchParams;
  const from = p.get('from')!;
  const to = p.get('to')!;
  const groupBy = (p.get('groupBy') ?? 'none') as TimesReport['groupBy'];
  const weeks = weeksBetween(from, to);
  const week = mondayOf(to);
  const at = (s: DurationStats) => columns(weeks, week, s);
  if (groupBy === 'none') {
    return {
      asOf: '2026-11-26T12:00:00.000Z',
      from,
      to,
      groupBy,
      weeks,
      series: [
        {
          group: null,
          total: counts(totalsOf('none')[0]!),
          own: at(stats(9, 1.25, 49.5)),
          resolve: at(stats(10, 110.4, 530.25)),
          outcome: at(none),
        },
      ],
    };
  }
  return {
    asOf: '2026-11-26T12:00:00.000Z',
    from,
    to,
    groupBy,
    weeks,
    series: [
      {
        group: { id: ids.facilities, name: 'Facilities' },
        total: counts(totalsOf(groupBy)[0]!),
        own: at(stats(3, 4.5, 9.75)),
        resolve: at(none),
        outcome: at(none),
      },
      {
        group: { id: ids.equipment, name: 'Equipment' },
        total: counts(totalsOf(groupBy)[1]!),
        own: at(stats(2, 60, 72)),
        resolve: at(none),
        outcome: at(none),
      },
    ],
  };
}

const ratesReport = (call: Call): RatesReport => ({
  asOf: '2026-11-26T12:00:00.000Z',
  from: call.url.searchParams.get('from')!,
  to: call.url.searchParams.get('to')!,
  onTarget: { numerator: 8, denominator: 10, rate: 0.8 },
  reopen: { numerator: 1, denominator: 12, rate: 1 / 12 },
  requesterConfirmation: { numerator: 2, denominator: 3, rate: 2 / 3 },
  handoffOnTime: { numerator: 0, denominator: 0, rate: null },
  satisfaction: {
    averageRating: 3.8333333333333335,
    rated: { numerator: 6, denominator: 10, rate: 0.6 },
  },
});

const levels = (call: Call): ServiceLevelsReport => {
  const by = call.url.searchParams.get('by') as 'team' | 'owner';
  const third = { count: 1, share: 1 / 3 };
  return {
    asOf: '2026-11-26T12:00:00.000Z',
    from: call.url.searchParams.get('from')!,
    to: call.url.searchParams.get('to')!,
    by,
    rows:
      by === 'team'
        ? [
            {
              group: { id: ids.facilities, name: 'Front Desk' },
              closed: 3,
              differentiated: third,
              competitive: third,
              commoditized: third,
            },
          ]
        : [
            {
              group: { id: ids.dana, name: 'Dana Owner' },
              closed: 4,
              differentiated: { count: 3, share: 0.75 },
              competitive: { count: 0, share: 0 },
              commoditized: { count: 1, share: 0.25 },
            },
          ],
  };
};

const openReport: OpenReport = {
  asOf: '2026-11-26T12:00:00.000Z',
  total: 9,
  byStatus: [
    { status: 'new', count: 3 },
    { status: 'in_progress', count: 2 },
    { status: 'waiting', count: 4 },
  ],
  byOwner: [
    { owner: null, count: 3 },
    { owner: { id: ids.dana, name: 'Dana Owner', active: true }, count: 6 },
  ],
  byAge: [
    { band: 'under_1d', count: 2 },
    { band: '1_3d', count: 0 },
    { band: '3_7d', count: 5 },
    { band: '7_30d', count: 1 },
    { band: 'over_30d', count: 1 },
  ],
  stalledByReason: [
    { reason: 'unowned', count: 2 },
    { reason: 'no_activity', count: 5 },
  ],
};

function figuresApi(over: Record<string, (call: Call) => Response> = {}) {
  return stubApi({
    'GET /api/auth/me': aMe({ role: 'lead' }),
    'GET /api/metrics/times': (call) => json(fromContract(contract.timesReport, timesReport(call))),
    'GET /api/metrics/times/period': (call) =>
      json(fromContract(contract.timesPeriodReport, timesPeriod(call))),
    'GET /api/metrics/rates': (call) => json(fromContract(contract.ratesReport, ratesReport(call))),
    'GET /api/metrics/service-levels': (call) =>
      json(fromContract(contract.serviceLevelsReport, levels(call))),
    'GET /api/metrics/open': () => json(fromContract(contract.openReport, openReport)),
    ...over,
  });
}

/** The cells of a table's row, found by the row's header, as the screen shows them. */
function rowOf(table: HTMLElement, header: string | RegExp) {
  const row = within(table)
    .getAllByRole('row')
    .find((r) => {
      const th = r.querySelector('th[scope="row"]');
      const text = th?.textContent ?? '';
      return typeof header === 'string' ? text.startsWith(header) : header.test(text);
    });
  if (!row) throw new Error(`No row ${String(header)}`);
  return [...row.querySelectorAll('td')].map((td) => td.textContent?.trim());
}

/** The exact value the API gave, kept on a cell's <data> element. */
const exactOf = (table: HTMLElement, header: string) => {
  const row = within(table)
    .getAllByRole('row')
    .find((r) => r.querySelector('th[scope="row"]')?.textContent?.startsWith(header));
  return [...(row?.querySelectorAll('data') ?? [])].map((d) => d.getAttribute('value'));
};

async function openFigures(path = '/figures') {
  const view = renderApp(path);
  await screen.findByRole('heading', { level: 1, name: 'Figures' });
  // The report is loaded lazily (with the chart library): the first import takes a while.
  await screen.findByRole('heading', { level: 3, name: 'Time to own' }, { timeout: 10_000 });
  return view;
}

describe('Figures: the numbers are the API’s', () => {
  it('asks for the last 12 weeks by default and shows each time measure with its weekly table', async () => {
    const api = figuresApi();
    await openFigures();
    const { from, to } = defaultRange();
    const [times] = api.callsTo('GET', '/api/metrics/times');
    expect(times!.url.searchParams.toString()).toBe(`from=${from}&to=${to}&groupBy=none`);
    expect(api.callsTo('GET', '/api/metrics/rates')[0]!.url.searchParams.toString()).toBe(
      `from=${from}&to=${to}`,
    );
    expect(
      api
        .callsTo('GET', '/api/metrics/service-levels')
        .map((c) => c.url.searchParams.get('by'))
        .sort(),
    ).toEqual(['owner', 'team']);

    const own = screen.getByRole('region', { name: 'Time to own' });
    // The headline figures of the period.
    expect(own.querySelector('.figure-stats')?.textContent).toBe(
      'Median2.8 hours90th percentile27.0 hoursRequests16',
    );
    // A chart, described for assistive technology, and the same numbers as a table.
    expect(within(own).getByRole('img').getAttribute('aria-label')).toContain(
      'median 2.8 hours and 90th percentile 27.0 hours over 16 requests',
    );
    const toggle = within(own).getByRole('button', { name: /Show as table/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const table = within(own).getByRole('table', { name: 'Time to own per week' });
    const week = rowOf(table, /\d/);
    expect(week).toEqual(['9', '1.3 hours', '2.1 days']);
    expect(rowOf(table, 'Whole period')).toEqual(['16', '2.8 hours', '27.0 hours']);
    expect(exactOf(table, 'Whole period')).toEqual([
      String(2.7833333333333332),
      String(27.016666666666666),
    ]);

    const resolve = screen.getByRole('region', { name: 'Time to resolve' });
    fireEvent.click(within(resolve).getByRole('button', { name: /Show as table/ }));
    expect(
      rowOf(
        within(resolve).getByRole('table', { name: 'Time to resolve per week' }),
        'Whole period',
      ),
    ).toEqual(['10', '4.6 days', '22.1 days']);

    const outcome = screen.getByRole('region', { name: 'Time to outcome' });
    expect(outcome.textContent).toContain('No request reached its outcome in this period.');
    expect(within(outcome).queryByRole('table')).toBeNull();
  });

  it('shows the rates as whole percentages with their counts', async () => {
    figuresApi();
    await openFigures();
    const table = await screen.findByRole('table', { name: 'Rates over the period' });
    expect(rowOf(table, 'On target')).toEqual(['80%', '8 of 10']);
    expect(rowOf(table, 'Reopened')).toEqual(['8%', '1 of 12']);
    expect(rowOf(table, 'Confirmed by the requester')).toEqual(['67%', '2 of 3']);
    expect(rowOf(table, 'Handoffs on time')).toEqual(['—None', 'no handoff completed']);
    expect(rowOf(table, 'Satisfaction')).toEqual(['3.8 of 5', '6 ratings']);
    expect(rowOf(table, 'Confirmations with a rating')).toEqual(['60%', '6 of 10']);
    expect(exactOf(table, 'Reopened')).toEqual([String(1 / 12)]);
    expect(exactOf(table, 'Satisfaction')).toEqual([String(3.8333333333333335)]);
  });

  it('shows service-level shares per team and per owner, adding up to 100 %', async () => {
    figuresApi();
    await openFigures();
    const teams = await screen.findByRole('table', { name: 'Service level by team' });
    expect(rowOf(teams, 'Front Desk')).toEqual(['3', '34% (1)', '33% (1)', '33% (1)']);
    expect(exactOf(teams, 'Front Desk')).toEqual([String(1 / 3), String(1 / 3), String(1 / 3)]);
    const owners = await screen.findByRole('table', { name: 'Service level by owner' });
    expect(rowOf(owners, 'Dana Owner')).toEqual(['4', '75% (3)', '0% (0)', '25% (1)']);
  });

  it('shows what is open now by status, age and owner, and stalled by reason, with links to the lists', async () => {
    figuresApi();
    await openFigures();
    const status = await screen.findByRole('table', { name: 'Open requests by status' });
    expect(rowOf(status, 'Waiting')).toEqual(['4', '']);
    expect(within(status).getByRole('link', { name: 'Waiting' }).getAttribute('href')).toBe(
      '/requests?status=waiting',
    );
    expect(
      rowOf(screen.getByRole('table', { name: 'Open requests by age' }), '3 to 7 days'),
    ).toEqual(['5', '']);
    const owners = screen.getByRole('table', { name: 'Open requests by owner' });
    expect(rowOf(owners, 'Unowned')).toEqual(['3', '']);
    expect(rowOf(owners, 'Dana Owner')).toEqual(['6', '']);
    const stalled = screen.getByRole('table', { name: 'Stalled open requests by reason' });
    expect(rowOf(stalled, 'No recent activity')).toEqual(['5', '']);
    expect(within(stalled).getByRole('link', { name: 'No owner' }).getAttribute('href')).toBe(
      '/requests?reason=unowned',
    );
    expect(screen.getByText(/9 open requests/)).toBeTruthy();
  });

  it('links the CSV export: every request, and the open ones', async () => {
    figuresApi();
    await openFigures();
    const csv = screen.getByRole('link', { name: 'Download CSV of every request' });
    expect(csv.getAttribute('href')).toBe('/api/requests.csv?sort=-created');
    expect(csv.hasAttribute('download')).toBe(true);
    const open = await screen.findByRole('link', { name: 'Download CSV of the open requests' });
    expect(open.getAttribute('href')).toBe('/api/requests.csv?status=open');
  });

  it('keeps a failed figure to its own section', async () => {
    figuresApi({
      'GET /api/metrics/rates': () =>
        problemResponse(500, 'INTERNAL', 'The server ran into a problem'),
    });
    await openFigures();
    const rates = screen.getByRole('region', { name: 'Follow-through' });
    expect((await within(rates).findByRole('alert')).textContent).toContain(
      'The rates could not be loaded',
    );
    expect(await screen.findByRole('table', { name: 'Service level by team' })).toBeTruthy();
  });
});

describe('Figures: the view lives in the URL', () => {
  it('reads period and grouping from the address and asks the API for exactly that', async () => {
    const api = figuresApi();
    await openFigures('/figures?from=2026-01-05&to=2026-03-29&groupBy=category');
    expect(api.callsTo('GET', '/api/metrics/times')[0]!.url.searchParams.toString()).toBe(
      'from=2026-01-05&to=2026-03-29&groupBy=category',
    );
    expect(api.callsTo('GET', '/api/metrics/rates')[0]!.url.searchParams.toString()).toBe(
      'from=2026-01-05&to=2026-03-29',
    );
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2026-01-05');
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('2026-03-29');

    // Grouped: each group's figures for the whole period, and the weeks per group.
    const own = screen.getByRole('region', { name: 'Time to own' });
    const totals = await within(own).findByRole('table', {
      name: 'Time to own by category, whole period',
    });
    expect(rowOf(totals, 'Facilities')).toEqual(['3', '4.5 hours', '9.8 hours']);
    expect(rowOf(totals, 'Equipment')).toEqual(['2', '2.5 days', '3.0 days']);
    fireEvent.click(within(own).getByRole('button', { name: /Show as table/ }));
    const weekly = within(own).getByRole('table', { name: 'Time to own per week' });
    expect(
      within(weekly)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toContain('Equipment');
  });

  it('writes a new grouping and period to the URL, and refetches', async () => {
    const api = figuresApi();
    const { router } = await openFigures();
    const { from, to } = defaultRange();

    fireEvent.change(screen.getByLabelText('Group times by'), { target: { value: 'owner' } });
    await waitFor(() => expect(router.state.location.search).toBe('?groupBy=owner'));
    await waitFor(() =>
      expect(api.callsTo('GET', '/api/metrics/times').at(-1)!.url.searchParams.toString()).toBe(
        `from=${from}&to=${to}&groupBy=owner`,
      ),
    );

    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-02-02' } });
    await waitFor(() =>
      expect(router.state.location.search).toBe(`?from=2026-02-02&to=${to}&groupBy=owner`),
    );
    await waitFor(() =>
      expect(api.callsTo('GET', '/api/metrics/rates').at(-1)!.url.searchParams.toString()).toBe(
        `from=2026-02-02&to=${to}`,
      ),
    );

    // An impossible period is said, and not applied.
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-01-01' } });
    expect(screen.getByText('The first day must not be after the last')).toBeTruthy();
    expect(router.state.location.search).toBe(`?from=2026-02-02&to=${to}&groupBy=owner`);

    fireEvent.click(screen.getByRole('button', { name: 'Back to the last 12 weeks' }));
    await waitFor(() => expect(router.state.location.search).toBe('?groupBy=owner'));
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe(to);
  });
});

describe('Figures: formatting and periods', () => {
  it('shows hours with one decimal, days from 48 hours on, and whole percentages', () => {
    expect(formatHours(null)).toBe('—');
    expect(formatHours(0.5)).toBe('0.5 hours');
    expect(formatHours(47.9)).toBe('47.9 hours');
    expect(formatHours(48)).toBe('2.0 days');
    expect(formatHours(530.25)).toBe('22.1 days');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(0.8)).toBe('80%');
    expect(formatPercent(2 / 3)).toBe('67%');
  });

  it('rounds shares to whole percentages that add up to 100', () => {
    expect(wholePercents([1 / 3, 1 / 3, 1 / 3])).toEqual([34, 33, 33]);
    expect(wholePercents([0.125, 0.125, 0.75])).toEqual([13, 12, 75]);
    expect(wholePercents([0, 0, 0])).toEqual([0, 0, 0]);
    for (const shares of [
      [0.2857, 0.2857, 0.4286],
      [1 / 7, 2 / 7, 4 / 7],
      [0.5, 0.5, 0],
    ]) {
      expect(wholePercents(shares).reduce((a, b) => a + b, 0)).toBe(100);
    }
  });

  it('defaults to 12 weekly buckets ending today, and keeps defaults out of the URL', () => {
    const now = new Date('2026-11-26T10:00:00Z'); // a Thursday
    expect(defaultRange(now)).toEqual({ from: '2026-09-07', to: '2026-11-26' });
    expect(weeksBetween('2026-09-07', '2026-11-26')).toHaveLength(12);
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    const view = readFiguresView(new URLSearchParams(), now);
    expect(view).toEqual({ from: '2026-09-07', to: '2026-11-26', groupBy: 'none', stat: 'median' });
    expect(writeFiguresView(view, now).toString()).toBe('');
    // Nonsense falls back to the default rather than reaching the API.
    expect(
      readFiguresView(new URLSearchParams('from=2026-12-01&to=2026-01-01&groupBy=moon'), now),
    ).toEqual(view);
  });
});
