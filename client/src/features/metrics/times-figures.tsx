import {
  type DurationStats,
  type MetricsGroupBy,
  type TimesPeriodReport,
  type TimesReport,
  timeMeasures,
} from '@followthrough/shared';
import { type ReactNode, useMemo, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { EmptyState } from '../../components/states';
import { Hours } from './figure-cells';
import { FigureCells, type FigureColumn, FiguresTable, FiguresTableFrame } from './figures-table';
import { groupNoun, type WeeklyStat, weeksBetween } from './figures-view';
import { formatCount, formatHours, formatWeek } from './format';

export type Measure = (typeof timeMeasures)[number];
type Series = TimesReport['series'][number];

export const measureInfo: Record<Measure, { title: string; about: string; empty: string }> = {
  own: {
    title: 'Time to own',
    about: 'From logged to the first time someone accepted ownership.',
    empty: 'No request got its first owner in this period.',
  },
  resolve: {
    title: 'Time to resolve',
    about: 'From logged to resolved, for requests whose outcome was then confirmed.',
    empty: 'No request was resolved and confirmed in this period.',
  },
  outcome: {
    title: 'Time to outcome',
    about: 'From logged to confirmed, by the requester or automatically.',
    empty: 'No request reached its outcome in this period.',
  },
};

export const statLabels: Record<WeeklyStat, string> = {
  median: 'Median',
  p90: '90th percentile',
};

/** The most groups a chart draws; the tables have them all. */
const MAX_LINES = 6;
// Distinct in hue and in dash, so no line is told by colour alone (AA non-text contrast on white).
const lineStyles = [
  { stroke: '#1d4f5f', dash: undefined },
  { stroke: '#a8231a', dash: '6 3' },
  { stroke: '#8a4b00', dash: '2 3' },
  { stroke: '#1b6b3f', dash: '10 3 2 3' },
  { stroke: '#5b3f99', dash: '12 4' },
  { stroke: '#0a5cc2', dash: '4 2 4 6' },
];

/** A group's name; the API's null group is "no owner" or "no location". */
export function groupName(group: Series['group'], groupBy: MetricsGroupBy): string {
  if (group) return group.name;
  if (groupBy === 'owner') return 'Unowned';
  if (groupBy === 'location') return 'No location';
  return groupBy === 'none' ? 'All requests' : 'None';
}

/** One week of a measure, out of the report's columns (entry i belongs to weeks[i]). */
const statsAt = (s: Series, measure: Measure, i: number): DurationStats => ({
  count: s[measure].count[i] ?? 0,
  medianHours: s[measure].medianHours[i] ?? null,
  p90Hours: s[measure].p90Hours[i] ?? null,
});

/** The weeks a series counted anything in for a measure: the rows of its weekly table. */
const countedWeeks = (report: TimesReport, s: Series, measure: Measure) =>
  report.weeks.flatMap((week, i) =>
    (s[measure].count[i] ?? 0) > 0 ? [{ week, stats: statsAt(s, measure, i) }] : [],
  );

/** A statistic of a measure, week by week: one line of a chart. */
const byWeek = (report: TimesReport, s: Series, measure: Measure, stat: WeeklyStat) => {
  const column = stat === 'median' ? s[measure].medianHours : s[measure].p90Hours;
  return new Map(report.weeks.map((week, i) => [week, column[i] ?? null]));
};

interface ChartLine {
  key: string;
  name: string;
  values: Map<string, number | null>;
  /** Index into lineStyles: one group keeps its colour and dash in every chart. */
  style: number;
}

/**
 * A group's median and p90 over the whole period come from /times/period (a
 * heavier query, loaded alongside); until it arrives only the count shows.
 */
function wholePeriod(
  s: Series,
  measure: Measure,
  period: TimesPeriodReport | undefined,
): DurationStats {
  const found = period?.series.find((p) => (p.group?.id ?? null) === (s.group?.id ?? null));
  return found?.[measure] ?? { count: s.total[measure].count, medianHours: null, p90Hours: null };
}

const requestsIn = (s: Series) => timeMeasures.reduce((n, m) => n + s.total[m].count, 0);

/**
 * The groups the charts draw: the ones with the most requests over all three
 * measures, in the API's order, so every chart gives a group the same line.
 */
export function drawnGroups(report: TimesReport): Series[] {
  const largest = [...report.series]
    .filter((s) => requestsIn(s) > 0)
    .sort((a, b) => requestsIn(b) - requestsIn(a))
    .slice(0, MAX_LINES);
  return report.series.filter((s) => largest.includes(s));
}

function TimesChart({
  title,
  lines,
  weeks,
  summary,
}: {
  title: string;
  lines: ChartLine[];
  weeks: string[];
  summary: string;
}) {
  // Recharts draws from an object per week; built once per answer, not on every render.
  const { data, inDays, scale } = useMemo(() => {
    const all = lines.flatMap((l) => [...l.values.values()]).filter((v): v is number => v !== null);
    const inDays = Math.max(0, ...all) >= 48;
    const scale = inDays ? 24 : 1;
    const data = weeks.map((week) => {
      const row: Record<string, string | number | null> = { week };
      for (const line of lines) {
        const hours = line.values.get(week) ?? null;
        row[line.key] = hours === null ? null : hours / scale;
      }
      return row;
    });
    return { data, inDays, scale };
  }, [lines, weeks]);
  return (
    // The chart is a picture of the table below it; the table is what assistive technology reads.
    <div className="chart" role="img" aria-label={`${title}: ${summary}`}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart
          data={data}
          accessibilityLayer={false}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke="#d7dddc" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="week"
            tickFormatter={(w: string) => formatWeek(w)}
            tick={{ fill: '#566365', fontSize: 12 }}
            minTickGap={16}
          />
          <YAxis
            width={52}
            tick={{ fill: '#566365', fontSize: 12 }}
            allowDecimals={false}
            label={{
              value: inDays ? 'days' : 'hours',
              angle: -90,
              position: 'insideLeft',
              fill: '#566365',
              fontSize: 12,
            }}
          />
          <Tooltip
            labelFormatter={(w) => `Week of ${formatWeek(String(w), true)}`}
            formatter={(value) =>
              typeof value === 'number' ? formatHours(value * scale) : String(value)
            }
          />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          {lines.map((line) => {
            const style = lineStyles[line.style % lineStyles.length]!;
            return (
              <Line
                key={line.key}
                type="linear"
                dataKey={line.key}
                name={line.name}
                stroke={style.stroke}
                strokeDasharray={style.dash}
                strokeWidth={2}
                dot={{ r: 3, strokeDasharray: '' }}
                isAnimationActive={false}
              />
            );
          })}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A count and its median and 90th percentile, as the API gave them. */
const durationColumns: FigureColumn<DurationStats>[] = [
  { key: 'count', header: 'Requests', num: true, cell: (s) => formatCount(s.count) },
  { key: 'median', header: 'Median', num: true, cell: (s) => <Hours hours={s.medianHours} /> },
  { key: 'p90', header: '90th percentile', num: true, cell: (s) => <Hours hours={s.p90Hours} /> },
];

/** The week-by-week numbers of one measure, exactly as the API gave them. */
function WeeklyTable({
  measure,
  report,
  period,
}: {
  measure: Measure;
  report: TimesReport;
  period: TimesPeriodReport | undefined;
}) {
  const { groupBy } = report;
  const grouped = groupBy !== 'none';
  const title = measureInfo[measure].title;
  const withYear = report.from.slice(0, 4) !== report.to.slice(0, 4);
  return (
    <FiguresTableFrame
      caption={`${title} per week`}
      region={`${title} per week`}
      headers={[
        ...(grouped ? [{ key: 'group', header: groupNoun[groupBy] }] : []),
        { key: 'week', header: 'Week of' },
        ...durationColumns,
      ]}
    >
      {report.series
        .filter((s) => s.total[measure].count > 0)
        .map((s) => {
          const weeks = countedWeeks(report, s, measure);
          // One row group per group of requests: its weeks, then its whole period.
          return (
            <tbody key={s.group?.id ?? 'none'}>
              {weeks.map((w, i) => (
                <tr key={w.week}>
                  {grouped && i === 0 ? (
                    <th scope="rowgroup" rowSpan={weeks.length + 1} className="cell-group">
                      {groupName(s.group, groupBy)}
                    </th>
                  ) : null}
                  <th scope="row" className="cell-week">
                    <time dateTime={w.week}>{formatWeek(w.week, withYear)}</time>
                  </th>
                  <FigureCells columns={durationColumns} row={w.stats} />
                </tr>
              ))}
              <tr className="row-total">
                {grouped && weeks.length === 0 ? (
                  <th scope="rowgroup" className="cell-group">
                    {groupName(s.group, groupBy)}
                  </th>
                ) : null}
                <th scope="row" className="cell-week">
                  Whole period
                </th>
                <FigureCells columns={durationColumns} row={wholePeriod(s, measure, period)} />
              </tr>
            </tbody>
          );
        })}
    </FiguresTableFrame>
  );
}

/** Each group's figures over the whole period: the comparison a grouping is for. */
function GroupTotalsTable({
  measure,
  series,
  groupBy,
  period,
}: {
  measure: Measure;
  series: readonly Series[];
  groupBy: MetricsGroupBy;
  period: TimesPeriodReport | undefined;
}) {
  const by = `${measureInfo[measure].title} by ${groupNoun[groupBy].toLowerCase()}`;
  const rows = series
    .filter((s) => s.total[measure].count > 0)
    .map((s) => ({ series: s, whole: wholePeriod(s, measure, period) }));
  return (
    <FiguresTable
      caption={`${by}, whole period`}
      region={by}
      rowHeader={{ header: groupNoun[groupBy], cell: (r) => groupName(r.series.group, groupBy) }}
      columns={durationColumns.map((c) => ({
        ...c,
        cell: (r: (typeof rows)[number]) => c.cell(r.whole),
      }))}
      rows={rows}
      rowKey={(r) => r.series.group?.id ?? 'none'}
    />
  );
}

/** One measure: its figures for the period, a weekly chart, and the chart's numbers as a table. */
export function MeasureFigures({
  measure,
  report,
  period,
  stat,
}: {
  measure: Measure;
  report: TimesReport;
  period: TimesPeriodReport | undefined;
  stat: WeeklyStat;
}) {
  const [showTable, setShowTable] = useState(false);
  const info = measureInfo[measure];
  const headingId = `times-${measure}-heading`;
  const { groupBy } = report;
  const grouped = groupBy !== 'none';
  const counted = report.series.filter((s) => s.total[measure].count > 0);
  const weeks = useMemo(() => weeksBetween(report.from, report.to), [report.from, report.to]);
  // The columns as chart lines, once per answer, measure and statistic.
  const lines = useMemo((): ChartLine[] => {
    const first = report.series.find((s) => s.total[measure].count > 0);
    if (!first) return [];
    return grouped
      ? drawnGroups(report)
          .map((s, i) => ({
            key: `g${i}`,
            name: groupName(s.group, groupBy),
            values: byWeek(report, s, measure, stat),
            style: i,
            count: s.total[measure].count,
          }))
          .filter((line) => line.count > 0)
      : [
          {
            key: 'median',
            name: statLabels.median,
            values: byWeek(report, first, measure, 'median'),
            style: 0,
          },
          {
            key: 'p90',
            name: statLabels.p90,
            values: byWeek(report, first, measure, 'p90'),
            style: 1,
          },
        ];
  }, [report, measure, stat, grouped, groupBy]);

  let body: ReactNode;
  if (counted.length === 0) {
    body = <EmptyState title="Nothing to measure">{info.empty}</EmptyState>;
  } else {
    const total = wholePeriod(counted[0]!, measure, period);
    const summary = grouped
      ? `${statLabels[stat].toLowerCase()} per week for ${lines.length === counted.length ? `each ${groupNoun[groupBy].toLowerCase()}` : `the ${lines.length} largest of ${counted.length} groups`}. The numbers are in the tables.`
      : `median ${formatHours(total.medianHours)} and 90th percentile ${formatHours(total.p90Hours)} over ${formatCount(total.count)} requests; the weekly numbers are in the table.`;
    body = (
      <>
        {grouped ? null : (
          <dl className="figure-stats">
            <div>
              <dt>Median</dt>
              <dd>
                <Hours hours={total.medianHours} />
              </dd>
            </div>
            <div>
              <dt>90th percentile</dt>
              <dd>
                <Hours hours={total.p90Hours} />
              </dd>
            </div>
            <div>
              <dt>Requests</dt>
              <dd>{formatCount(total.count)}</dd>
            </div>
          </dl>
        )}
        <TimesChart title={info.title} lines={lines} weeks={weeks} summary={summary} />
        {grouped && lines.length < counted.length ? (
          <p className="muted chart-note">
            The charts draw the {groupNoun[groupBy].toLowerCase()} groups with the most requests;
            the tables have all {counted.length}.
          </p>
        ) : null}
        {grouped ? (
          <GroupTotalsTable
            measure={measure}
            series={report.series}
            groupBy={groupBy}
            period={period}
          />
        ) : null}
        <button
          type="button"
          className="link-button table-toggle"
          aria-expanded={showTable}
          aria-controls={`times-${measure}-table`}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? 'Hide the table' : 'Show as table'}
          <span className="visually-hidden"> ({info.title.toLowerCase()} per week)</span>
        </button>
        <div id={`times-${measure}-table`} hidden={!showTable}>
          <WeeklyTable measure={measure} report={report} period={period} />
        </div>
      </>
    );
  }

  return (
    <section className="card figures-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{info.title}</h3>
      <p className="muted figures-about">{info.about}</p>
      {body}
    </section>
  );
}
