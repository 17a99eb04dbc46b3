/**
 * A small RFC 4180 reader for the head of a delimited file: enough to sniff
 * the delimiter and header and to show samples. The bulk read is DuckDB's.
 */
export function parseDelimited(text: string, delimiter: string, quote = '"', maxRecords = 200): string[][] {
  const rows: string[][] = [];
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
      } else field += ch;
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
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    i++;
  }
  // A last record without a newline counts only when the whole text was read.
  if (i >= n && (field !== '' || row.length > 0) && rows.length < maxRecords) {
    row.push(field);
    rows.push(row);
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
  return new Set(nonBlank).size === nonBlank.length && nonBlank.length >= Math.ceil(first.length / 2);
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
