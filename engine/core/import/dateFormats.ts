/**
 * Date formats found in CRM, help-desk and billing exports. Each has a pure
 * parser (detection, previews, tests) and a SQL expression (the import), and
 * the two are tested to agree. Dates are kept at day precision, as written:
 * a timestamp's time and offset are dropped rather than shifted to another
 * day by a time-zone conversion.
 */
export const DATE_FORMAT_IDS = ['iso', 'us', 'eu-slash', 'eu-dot', 'ymd-slash', 'epoch-s', 'epoch-ms'] as const;
export type DateFormatId = (typeof DATE_FORMAT_IDS)[number];

export const DATE_FORMAT_LABELS: Record<DateFormatId, string> = {
  iso: 'YYYY-MM-DD (ISO)',
  us: 'MM/DD/YYYY',
  'eu-slash': 'DD/MM/YYYY',
  'eu-dot': 'DD.MM.YYYY',
  'ymd-slash': 'YYYY/MM/DD',
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
const PATTERNS: Record<'iso' | 'us' | 'eu-slash' | 'eu-dot' | 'ymd-slash', RegExp> = {
  iso: new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME_TAIL}$`),
  us: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME_TAIL}$`),
  'eu-slash': new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME_TAIL}$`),
  'eu-dot': new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME_TAIL}$`),
  'ymd-slash': new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME_TAIL}$`),
};

/** The ISO date a value means in a format, or null when it does not parse. */
export function parseDate(value: string, format: DateFormatId): string | null {
  const v = value.trim();
  if (v === '') return null;
  if (format === 'epoch-s' || format === 'epoch-ms') {
    if (!/^-?\d+(\.\d+)?$/.test(v)) return null;
    return fromEpochDays(Math.floor(Number(v) / (format === 'epoch-s' ? 86_400 : 86_400_000)));
  }
  const m = PATTERNS[format].exec(v);
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  switch (format) {
    case 'iso':
    case 'ymd-slash':
      return ymd(a, b, c);
    case 'us':
      return ymd(c, a, b);
    case 'eu-slash':
    case 'eu-dot':
      return ymd(c, b, a);
  }
}

/**
 * DuckDB SQL turning the VARCHAR expression `v` into a DATE, NULL when it
 * does not parse (the importer reports those).
 */
export function dateSql(v: string, format: DateFormatId): string {
  const head = `split_part(split_part(trim(${v}), ' ', 1), 'T', 1)`;
  switch (format) {
    case 'iso':
      return `CASE WHEN regexp_matches(trim(${v}), '^\\d{4}-\\d{2}-\\d{2}') THEN TRY_CAST(left(trim(${v}), 10) AS DATE) END`;
    case 'ymd-slash':
      return `try_strptime(${head}, '%Y/%m/%d')::DATE`;
    case 'us':
      return `try_strptime(${head}, '%m/%d/%Y')::DATE`;
    case 'eu-slash':
      return `try_strptime(${head}, '%d/%m/%Y')::DATE`;
    case 'eu-dot':
      return `try_strptime(${head}, '%d.%m.%Y')::DATE`;
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
  }
  const order = [...scored].sort((a, b) => b.share - a.share);
  const best = order[0]!;
  if (best.share < 0.5) return null;
  const tie = order.find((s) => s !== best && s.share === best.share);
  return { format: best.format, share: best.share, ambiguousWith: tie ? tie.format : null };
}
