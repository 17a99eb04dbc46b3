/**
 * XLSX through read-excel-file (DuckDB's excel extension would be downloaded
 * at run time, which the app must never do). Cells become text as a person
 * reads them: dates as ISO dates, numbers without exponent noise, formulas'
 * cached values; a formula's text never becomes a value.
 */
import readXlsxFile, { readSheet } from 'read-excel-file/node';

export interface SheetRows {
  /** Each non-empty row with its 1-based row number in the sheet. */
  rows: { line: number; cells: string[] }[];
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  return String(v);
}

export async function sheetNames(path: string): Promise<string[]> {
  const sheets = await readXlsxFile(path);
  return sheets.map((s) => s.sheet);
}

export async function readWorkbookSheet(path: string, sheet?: string): Promise<SheetRows> {
  const data = await readSheet(path, sheet ?? 1);
  const rows: SheetRows['rows'] = [];
  data.forEach((row, i) => {
    const cells = row.map(cellText);
    if (cells.some((c) => c !== '')) rows.push({ line: i + 1, cells });
  });
  return { rows };
}
