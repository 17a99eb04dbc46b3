/**
 * Date formats found in CRM, help-desk and billing exports. Each has a pure
 * parser (detection, previews, tests) and a SQL expression (the import), and
 * the two are tested to agree. Dates are kept at day precision, as written:
 * a timestamp's time and offset are dropped rather than shifted to another
 * day by a time-zone conversion.
 */
export const DATE_FORMAT_IDS = [
  'iso',
  'us',
  'eu-slash',
  'eu-dot',
  'ymd-slash',
  'us-dash',
  'eu-dash',
  'ymd-compact',
  'mon-d-y',
  'd-mon-y',
  'excel-serial',
  'epoch-s',
  'epoch-ms',
] as const;
export type DateFormatId = (typeof DATE_FORMAT_IDS)[number];

export const DATE_FORMAT_LABELS: Record<DateFormatId, string> = {
  iso: 'YYYY-MM-DD (ISO)',
  us: 'MM/DD/YYYY',
  'eu-slash': 'DD/MM/YYYY',
  'eu-dot': 'DD.MM.YYYY',
  'ymd-slash': 'YYYY/MM/DD',
  'us-dash': 'MM-DD-YYYY',
  'eu-dash': 'DD-MM-YYYY',
  'ymd-compact': 'YYYYMMDD',
  'mon-d-y': 'Mar 4, 2024',
  'd-mon-y': '4 Mar 2024',
  'excel-serial': 'Excel serial day number',
  'epoch-s': 'Unix epoch seconds',
  'epoch-ms': 'Unix epoch milliseconds',
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function ymd(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : null;
}

function fromEpochDays(days: number): string | null {
  if (!Number.isFinite(days)) return null;
  const dt = new Date(days * 86_400_000);
  const y = dt.getUTCFullYear();
  return y < 1900 || y > 2200 ? null : `${pad(y, 4)}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}

const TIME_TAIL = String.raw`(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)?`;
type NumericFormat = 'iso' | 'us' | 'eu-slash' | 'eu-dot' | 'ymd-slash' | 'us-dash' | 'eu-dash' | 'ymd-compact';
const PATTERNS: Record<NumericFormat, RegExp> = {
  iso: new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME_TAIL}$`),
  us: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME_TAIL}$`),
  'eu-slash': new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME_TAIL}$`),
  'eu-dot': new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME_TAIL}$`),
  'ymd-slash': new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME_TAIL}$`),
  'us-dash': new RegExp(String.raw`^(\d{1,2})-(\d{1,2})-(\d{4})${TIME_TAIL}$`),
  'eu-dash': new RegExp(String.raw`^(\d{1,2})-(\d{1,2})-(\d{4})${TIME_TAIL}$`),
  'ymd-compact': /^(\d{4})(\d{2})(\d{2})$/,
};

export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** Month number (1–12) of a three-letter abbreviation or a full English name, else 0. */
function monthOf(name: string): number {
  const n = name.toLowerCase();
  const k = MONTHS.findIndex((m) => m === n || (n.length === 3 && m.startsWith(n)));
  return k + 1;
}
const MON_D_Y = new RegExp(String.raw`^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})${TIME_TAIL}$`);
const D_MON_Y = new RegExp(String.raw`^(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})${TIME_TAIL}$`);
/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug folded in): serial 45355 is 2024-03-04. */
const EXCEL_EPOCH_DAYS = -25569;

/** The ISO date a value means in a format, or null when it does not parse. */
export function parseDate(value: string, format: DateFormatId): string | null {
  const v = value.trim();
  if (v === '') return null;
  if (format === 'epoch-s' || format === 'epoch-ms') {
    if (!/^-?\d+(\.\d+)?$/.test(v)) return null;
    return fromEpochDays(Math.floor(Number(v) / (format === 'epoch-s' ? 86_400 : 86_400_000)));
  }
  if (format === 'excel-serial') {
    if (!/^\d{5}(\.\d+)?$/.test(v)) return null;
    return fromEpochDays(Math.floor(Number(v)) + EXCEL_EPOCH_DAYS);
  }
  if (format === 'mon-d-y' || format === 'd-mon-y') {
    const w = (format === 'mon-d-y' ? MON_D_Y : D_MON_Y).exec(v);
    if (!w) return null;
    const [mon, day] = format === 'mon-d-y' ? [w[1]!, w[2]!] : [w[2]!, w[1]!];
    const month = monthOf(mon);
    return month === 0 ? null : ymd(Number(w[3]), month, Number(day));
  }
  const m = PATTERNS[format].exec(v);
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  switch (format) {
    case 'iso':
    case 'ymd-slash':
    case 'ymd-compact':
      return ymd(a, b, c);
    case 'us':
    case 'us-dash':
      return ymd(c, a, b);
    case 'eu-slash':
    case 'eu-dot':
    case 'eu-dash':
      return ymd(c, b, a);
  }
}

const sqlMonths = `[${MONTHS.map((m) => `'${m}'`).join(', ')}]`;
const sqlAbbrevs = `[${MONTHS.map((m) => `'${m.slice(0, 3)}'`).join(', ')}]`;

/**
 * DuckDB SQL turning the VARCHAR expression `v` into a DATE, NULL when it
 * does not parse (the importer reports those).
 */
export function dateSql(v: string, format: DateFormatId): string {
  return inYears(formatSql(v, format));
}

/**
 * The years the pure parsers accept (1900–2200): strptime alone reads "24" as the year 0024.
 * The date is written twice rather than named in a scalar subquery: DuckDB plans that
 * subquery per row as a join over the whole file (2.4 s of a 1.76 M-row parse), while a
 * repeated expression in one projection is evaluated once (common subexpressions).
 */
function inYears(date: string): string {
  const d = `(${date})::DATE`;
  return `CASE WHEN ${d} BETWEEN DATE '1900-01-01' AND DATE '2200-12-31' THEN ${d} END`;
}

/** YYYY-MM-DD at the start of a value: what the pattern ^\d{4}-\d{2}-\d{2} matches when nothing precedes the date. */
const ISO_DAY_GLOB = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
const ISO_GLOB = `${ISO_DAY_GLOB}*`;

function formatSql(v: string, format: DateFormatId): string {
  const head = `split_part(split_part(trim(${v}), ' ', 1), 'T', 1)`;
  switch (format) {
    case 'iso':
      // A value starting with the date, as nearly all do, is told by a glob (a third of the pattern's cost);
      // one with leading spaces by the pattern on its trimmed text. A value that is just the date is cast
      // as it is: cutting it to its first ten characters changes nothing and cost 0.17 s of CPU per 3 M rows.
      return `CASE WHEN ${v} GLOB '${ISO_DAY_GLOB}' THEN TRY_CAST(${v} AS DATE)
        WHEN ${v} GLOB '${ISO_GLOB}' THEN TRY_CAST(left(${v}, 10) AS DATE)
        WHEN ${v} GLOB ' *' AND regexp_matches(trim(${v}), '^\\d{4}-\\d{2}-\\d{2}') THEN TRY_CAST(left(trim(${v}), 10) AS DATE) END`;
    case 'ymd-slash':
      return `try_strptime(${head}, '%Y/%m/%d')::DATE`;
    case 'us':
      return `try_strptime(${head}, '%m/%d/%Y')::DATE`;
    case 'eu-slash':
      return `try_strptime(${head}, '%d/%m/%Y')::DATE`;
    case 'eu-dot':
      return `try_strptime(${head}, '%d.%m.%Y')::DATE`;
    case 'us-dash':
      return `try_strptime(${head}, '%m-%d-%Y')::DATE`;
    case 'eu-dash':
      return `try_strptime(${head}, '%d-%m-%Y')::DATE`;
    case 'ymd-compact':
      return `CASE WHEN regexp_full_match(trim(${v}), '\\d{8}') THEN try_strptime(trim(${v}), '%Y%m%d')::DATE END`;
    case 'mon-d-y':
    case 'd-mon-y': {
      // Three-letter or full month names, an optional comma or dot; the time of day, if any, dropped.
      const day =
        format === 'mon-d-y'
          ? `regexp_extract(trim(${v}), '^([A-Za-z]+)\\.? (\\d{1,2}),? (\\d{4})', ['m', 'd', 'y'])`
          : `regexp_extract(trim(${v}), '^(\\d{1,2})[ -]([A-Za-z]+)\\.?[ -](\\d{4})', ['d', 'm', 'y'])`;
      // The parts by name on the one extraction (repeated, not a per-row subquery; see inYears).
      const part = (k: 'm' | 'd' | 'y') => `struct_extract(${day}, '${k}')`;
      const month = `coalesce(CASE WHEN length(${part('m')}) = 3 THEN list_position(${sqlAbbrevs}, lower(${part('m')})) ELSE list_position(${sqlMonths}, lower(${part('m')})) END, 0)`;
      return `CASE WHEN ${month} > 0 THEN try_strptime(${part('y')} || '-' || ${month} || '-' || ${part('d')}, '%Y-%m-%d')::DATE END`;
    }
    case 'excel-serial':
      return `CASE WHEN regexp_full_match(trim(${v}), '\\d{5}(\\.\\d+)?') THEN DATE '1970-01-01' + CAST(floor(TRY_CAST(trim(${v}) AS DOUBLE)) AS INTEGER) + (${EXCEL_EPOCH_DAYS}) END`;
    case 'epoch-s':
    case 'epoch-ms': {
      // Days since 1970 by arithmetic (no time zone), limited to the years parseDate accepts.
      const days = `floor(TRY_CAST(trim(${v}) AS DOUBLE) / ${format === 'epoch-s' ? 86_400 : 86_400_000})`;
      return `CASE WHEN regexp_matches(trim(${v}), '^-?\\d+(\\.\\d+)?$') AND ${days} BETWEEN -25567 AND 84370 THEN DATE '1970-01-01' + CAST(${days} AS INTEGER) END`;
    }
  }
}

export interface DateDetection {
  format: DateFormatId;
  /** Share of the non-blank samples the format parses. */
  share: number;
  /** Another format parses the samples equally well (e.g. 03/04/2024). */
  ambiguousWith: DateFormatId | null;
}

/** The format that parses most samples; null when none parses at least half. */
export function detectDateFormat(samples: readonly string[]): DateDetection | null {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return null;
  const scored = DATE_FORMAT_IDS.map((f) => {
    let ok = 0;
    for (const v of values) if (parseDate(v, f) !== null) ok++;
    return { format: f, share: ok / values.length };
  });
  // Epoch formats only when the digits have the right length: plain small
  // integers (counts, scores) must not look like dates.
  const digits = values.every((v) => /^\d+$/.test(v));
  for (const s of scored) {
    if (s.format === 'epoch-s' && !(digits && values.every((v) => v.length >= 9 && v.length <= 10))) s.share = 0;
    if (s.format === 'epoch-ms' && !(digits && values.every((v) => v.length >= 12 && v.length <= 13))) s.share = 0;
    // Serial days only in 1970–2100 (25569–73050): a five-digit amount or count must not look like a date.
    if (s.format === 'excel-serial' && !values.every((v) => Number(v) >= 25_569 && Number(v) <= 73_050)) s.share = 0;
  }
  const order = [...scored].sort((a, b) => b.share - a.share);
  const best = order[0]!;
  if (best.share < 0.5) return null;
  const tie = order.find((s) => s !== best && s.share === best.share);
  return { format: best.format, share: best.share, ambiguousWith: tie ? tie.format : null };
}

/**
 * A date pattern the user types, in DuckDB's strptime syntax (`%d-%b-%Y`,
 * `%Y%m%d %H:%M`). The subset below is parsed here the way DuckDB parses it, so
 * the preview shows what the import will load.
 */
const DIRECTIVES: Record<string, { re: string; part?: 'y' | 'yy' | 'm' | 'mon' | 'month' | 'd' }> = {
  Y: { re: String.raw`(\d{1,4})`, part: 'y' },
  y: { re: String.raw`(\d{1,2})`, part: 'yy' },
  m: { re: String.raw`(\d{1,2})`, part: 'm' },
  '-m': { re: String.raw`(\d{1,2})`, part: 'm' },
  d: { re: String.raw`(\d{1,2})`, part: 'd' },
  '-d': { re: String.raw`(\d{1,2})`, part: 'd' },
  b: { re: '([A-Za-z]{3})', part: 'mon' },
  B: { re: '([A-Za-z]+)', part: 'month' },
  H: { re: String.raw`\d{1,2}` },
  '-H': { re: String.raw`\d{1,2}` },
  I: { re: String.raw`\d{1,2}` },
  M: { re: String.raw`\d{1,2}` },
  S: { re: String.raw`\d{1,2}` },
  f: { re: String.raw`\d{1,6}` },
  p: { re: '(?:[AaPp][Mm])' },
  z: { re: String.raw`(?:Z|[+-]\d{2}:?\d{2})` },
  '%': { re: '%' },
};

export interface CompiledPattern {
  re: RegExp;
  parts: ('y' | 'yy' | 'm' | 'mon' | 'month' | 'd')[];
}

/** The pattern compiled, or a sentence saying what is wrong with it. */
export function compileDatePattern(pattern: string): CompiledPattern | string {
  if (pattern.trim() === '') return 'the date pattern is empty: type one such as %d-%m-%Y';
  if (pattern.length > 64) return 'the date pattern is longer than 64 characters';
  const parts: CompiledPattern['parts'] = [];
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch !== '%') {
      re += /\s/.test(ch) ? String.raw`\s+` : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const key = pattern[i + 1] === '-' ? pattern.slice(i + 1, i + 3) : (pattern[i + 1] ?? '');
    const d = DIRECTIVES[key];
    if (!d)
      return `"%${key}" in the date pattern is not a directive the importer reads; use %Y %y %m %d %b %B %H %I %M %S %p (e.g. %d-%m-%Y)`;
    re += d.re;
    if (d.part) parts.push(d.part);
    i += key.length;
  }
  const has = (...p: CompiledPattern['parts']) => p.some((x) => parts.includes(x));
  if (!has('y', 'yy') || !has('m', 'mon', 'month') || !has('d'))
    return 'the date pattern needs a year (%Y or %y), a month (%m, %b or %B) and a day (%d)';
  if (parts.length !== new Set(parts.map((p) => (p === 'yy' ? 'y' : p === 'mon' || p === 'month' ? 'm' : p))).size)
    return 'the date pattern names the year, month or day twice';
  return { re: new RegExp(`${re}\\s*$`), parts };
}

/** The ISO date a value means under a compiled pattern, or null. */
export function parseWithPattern(value: string, pattern: CompiledPattern): string | null {
  const m = pattern.re.exec(value.trim());
  if (!m) return null;
  let y = 0;
  let mo = 0;
  let d = 0;
  pattern.parts.forEach((p, k) => {
    const g = m[k + 1]!;
    if (p === 'y') y = Number(g);
    else if (p === 'yy') y = Number(g) + (Number(g) < 69 ? 2000 : 1900);
    else if (p === 'm') mo = Number(g);
    else if (p === 'mon') mo = g.length === 3 ? monthOf(g) : 0;
    else if (p === 'month') mo = MONTHS.indexOf(g.toLowerCase()) + 1;
    else d = Number(g);
  });
  return ymd(y, mo, d);
}

/** DuckDB SQL for a validated pattern (compileDatePattern first). */
export function patternSql(v: string, pattern: string): string {
  return inYears(`try_strptime(trim(${v}), '${pattern.replace(/'/g, "''")}')::DATE`);
}
