/**
 * The rows DuckDB's CSV reader rejected, one entry per row: the first error in the row, as a single
 * thread meets them. A row can carry several errors (a quote opened in one column, then more
 * columns than the header has), and the parallel reader lists them in no fixed order: on a
 * 440,000-line export with a quote opened in key_actions, one import in four reported the row as
 * "too many columns" instead of naming key_actions.
 */

/** One entry of DuckDB's rejects table. */
export interface ReaderError {
  /** The record's number as the reader counts them (DuckDB's `line`). */
  line: number;
  /** Where in the file the error is: the first is the one reported. */
  bytePosition: number;
  /** The column the error is in (DuckDB's 1-based `column_idx`; beyond the header for extra columns). */
  columnIndex: number;
  type: string;
  /** The row's text as the reader read it. */
  text: string;
  /** The staged column (c0, c1, …) DuckDB names, or '' for the row. */
  column: string;
}

/** Each rejected record once, by its first error, in record order. */
export function firstErrorPerRow(errors: readonly ReaderError[]): ReaderError[] {
  const sorted = [...errors].sort(
    (a, b) => a.line - b.line || a.bytePosition - b.bytePosition || a.columnIndex - b.columnIndex,
  );
  return sorted.filter((e, i) => i === 0 || sorted[i - 1]!.line !== e.line);
}
