import type { ReactNode } from 'react';

/** One column of figures: its heading and what each row shows in it. */
export interface FigureColumn<R> {
  key: string;
  header: ReactNode;
  /** Numbers: aligned right, heading and cells alike. */
  num?: boolean;
  /** Extra class of the body cells (a big figure, a bar). */
  cellClass?: string;
  cell: (row: R) => ReactNode;
}

interface Frame {
  caption: ReactNode;
  /** The caption names the table for assistive technology only (a heading shows it already). */
  hiddenCaption?: boolean;
  /**
   * The name of the region the table scrolls sideways in on a phone; null for
   * a table narrow enough never to need one.
   */
  region: string | null;
  /** Extra class of the table (its column widths). */
  className?: string;
}

/**
 * A table that may be wider than a phone: it scrolls sideways inside this
 * region, which a keyboard can focus and scroll, and never widens the page.
 */
function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap figures-table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

const numClass = (num: boolean | undefined, extra?: string) =>
  [num ? 'num' : undefined, extra].filter(Boolean).join(' ') || undefined;

/** A row's figures, one cell per column. */
export function FigureCells<R>({ columns, row }: { columns: readonly FigureColumn<R>[]; row: R }) {
  return (
    <>
      {columns.map((c) => (
        <td key={c.key} className={numClass(c.num, c.cellClass)}>
          {c.cell(row)}
        </td>
      ))}
    </>
  );
}

/**
 * The markup every figures table shares: the scrolling region, the caption and
 * the column headings; the bodies are the caller's (a table may group rows).
 */
export function FiguresTableFrame({
  caption,
  hiddenCaption = false,
  region,
  className,
  headers,
  children,
}: Frame & {
  headers: readonly { key: string; header: ReactNode; num?: boolean }[];
  children: ReactNode;
}) {
  const table = (
    <table className={className ? `figures-table ${className}` : 'figures-table'}>
      <caption className={hiddenCaption ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h.key} scope="col" className={numClass(h.num)}>
              {h.header}
            </th>
          ))}
        </tr>
      </thead>
      {children}
    </table>
  );
  return region === null ? table : <TableRegion label={region}>{table}</TableRegion>;
}

/** A table of figures with one row per item, each headed by what it counts. */
export function FiguresTable<R>({
  rowHeader,
  columns,
  rows,
  rowKey,
  ...frame
}: Frame & {
  /** The heading of the first column and each row's header cell. */
  rowHeader: { header: ReactNode; cell: (row: R) => ReactNode };
  columns: readonly FigureColumn<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
}) {
  return (
    <FiguresTableFrame {...frame} headers={[{ key: 'row', header: rowHeader.header }, ...columns]}>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            <th scope="row">{rowHeader.cell(row)}</th>
            <FigureCells columns={columns} row={row} />
          </tr>
        ))}
      </tbody>
    </FiguresTableFrame>
  );
}
