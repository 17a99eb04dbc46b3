/**
 * A small RFC 4180 reader for the head of a delimited file: enough to sniff
 * the delimiter and header and to show samples. The bulk read is DuckDB's.
 */
export function parseDelimited(
  text: string,
  delimiter: string,
  quote = '"',
  maxRecords = 200,
  /** Filled with each record's first physical line (1-based), when given. */
  startLines?: number[],
): string[][] {
  const rows: string[][] = [];
  let line = 1;
  let start = 1;
  let row: string[] = [];
  let field = '';
  let inQuote = false;
  let i = 0;
  const n = text.length;
  while (i < n && rows.length < maxRecords) {
    const ch = text[i]!;
    if (inQuote) {
      if (ch === quote) {
        if (text[i + 1] === quote) {
          field += quote;
          i += 2;
          continue;
        }
        inQuote = false;
      } else {
        field += ch;
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
      }
      i++;
      continue;
    }
    if (ch === quote && field === '') {
      inQuote = true;
      i++;
      continue;
    }
    if (ch === delimiter) {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      row.push(field);
      field = '';
      if (!(row.length === 1 && row[0] === '')) {
        rows.push(row);
        startLines?.push(start);
      }
      row = [];
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      start = line;
      continue;
    }
    field += ch;
    i++;
  }
  // A last record without a newline counts only when the whole text was read.
  if (i >= n && (field !== '' || row.length > 0) && rows.length < maxRecords) {
    row.push(field);
    rows.push(row);
    startLines?.push(start);
  }
  return rows;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The delimiter giving the most rows with the same number (> 1) of fields. */
export function sniffDelimiter(text: string, preferTab = false): Delimiter {
  let best: { d: Delimiter; score: number } = { d: preferTab ? '\t' : ',', score: -1 };
  for (const d of DELIMITERS) {
    const rows = parseDelimited(text, d, '"', 100);
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let modeLen = 1;
    let modeN = 0;
    for (const [len, c] of counts)
      if (c > modeN || (c === modeN && len > modeLen)) {
        modeLen = len;
        modeN = c;
      }
    if (modeLen < 2) continue;
    const score =
      modeN / rows.length +
      (rows[0]!.length === modeLen ? 0.5 : 0) +
      Math.min(modeLen, 20) * 0.001 +
      (preferTab && d === '\t' ? 0.01 : 0);
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

const LOOKS_LIKE_DATA = /^\s*([+-]?\d+([.,]\d+)?|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}.*|true|false)\s*$/i;

/**
 * Whether the first row is a header: none of its cells looks like data (a
 * number, a date, a boolean) and its cells are distinct.
 */
export function sniffHeader(rows: readonly string[][]): boolean {
  const first = rows[0];
  if (!first) return true;
  if (first.some((c) => LOOKS_LIKE_DATA.test(c))) return false;
  const nonBlank = first.filter((c) => c.trim() !== '');
  if (nonBlank.length < Math.ceil(first.length / 2)) return false;
  if (new Set(nonBlank).size === nonBlank.length) return true;
  // Repeated names ("Date", "Date") still make a header when the rows below hold data the first row does not.
  return rows.slice(1, 20).some((r) => r.some((c) => LOOKS_LIKE_DATA.test(c)));
}

/** Header names that occur more than once (compared as written, trimmed). */
export function duplicateNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const h of header) {
    const k = h.replace(/^\uFEFF/, '').trim();
    if (k !== '') seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

/**
 * Rows above the header that a report adds ("Accounts report", "Generated 2024-06-01",
 * a blank line): the index of the first row as wide as most rows below it, when the rows
 * before it are narrower. 0 when the first row already is.
 */
export function preambleRows(rows: readonly (readonly string[])[]): number {
  const filled = (r: readonly string[]) => r.filter((c) => c.trim() !== '').length;
  const limit = Math.min(rows.length, 30);
  for (let k = 0; k < Math.min(limit, 15); k++) {
    const below = rows.slice(k + 1, k + 41);
    if (below.length === 0) return 0;
    const width = rows[k]!.length;
    const sameWidth = below.filter((r) => r.length === width).length;
    if (width >= 2 && filled(rows[k]!) >= Math.ceil(width / 2) && sameWidth >= below.length * 0.8) return k;
  }
  return 0;
}

/** Unique display names for columns: blanks become `column 3`, repeats get ` (2)`. */
export function columnNames(header: readonly string[] | null, width: number): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (let i = 0; i < width; i++) {
    let name = (header?.[i] ?? '').replace(/^\uFEFF/, '').trim() || `column ${i + 1}`;
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    if (k > 0) name = `${name} (${k + 1})`;
    out.push(name);
  }
  return out;
}
