/**
 * The SQL of one mapped field: how its text parses (numbers in their column's
 * style, dates in the column's format, yes/no words), which parsed values are
 * impossible, and the reasons the issue log gives for each.
 */
import type { Database } from '../data/duckdb.js';
import { sqlString } from '../data/duckdb.js';
import type { FileMapping } from '../../core/api/importSchema.js';
import { ACTIVE_WORDS, CHURNED_WORDS, CHURN_DATE_ROLE, CHURN_FLAG_ROLE } from '../../core/import/churnFlag.js';
import { dateSql, DATE_FORMAT_LABELS, patternSql } from '../../core/import/dateFormats.js';
import type { EntityId, FieldSpec } from '../../core/import/entities.js';

// Reactivation/churn words let a churn export's event-type column ("churned" / "reactivated") map as the flag.
const TRUE_WORDS = [
  'true',
  't',
  'yes',
  'y',
  '1',
  'won',
  'closed won',
  'renewed',
  'x',
  'reactivated',
  'reactivation',
  'won back',
];
const FALSE_WORDS = [
  'false',
  'f',
  'no',
  'n',
  '0',
  'lost',
  'closed lost',
  'churned',
  'not renewed',
  'churn',
  'cancelled',
  'canceled',
];
export function sqlList(w: readonly string[]): string {
  return w.map(sqlString).join(', ');
}

/** Which fields get "blank kept as missing" entries: measures a blank most likely hides. */
export const REPORT_BLANKS: Partial<Record<EntityId, readonly string[]>> = {
  usage_daily: ['active_users', 'logins', 'features_used', 'key_actions', 'session_minutes', 'api_calls'],
  invoices: ['amount'],
  accounts: ['arr', 'churned', 'tenure_months'],
};

/** A blank whose consequence the user needs to read with it. */
const BLANK_REASON: Partial<Record<string, string>> = {
  tenure_months: 'blank tenure: the start date is unknown',
};

/** A churn flag: true churned, false not, NULL blank or unrecognised (the latter logged). */
export function churnFlagSql(raw: string): string {
  return `CASE WHEN lower(trim(${raw})) IN (${sqlList(CHURNED_WORDS)}) THEN true WHEN lower(trim(${raw})) IN (${sqlList(ACTIVE_WORDS)}) THEN false END`;
}

export const CHURN_FLAG_NOT_READ =
  'not a churn flag (expected yes/no, true/false, 1/0, y/n or churned/active/cancelled): correct the value, it is not guessed';

/**
 * Whether a blank or unreadable value rejects the row. In a churn file the flag says what the row is,
 * so it is required and the date is not (the export date can stand in); on accounts a blank flag
 * only means the account is not known to have churned.
 */
export function requiredHere(mapping: FileMapping, f: FieldSpec): boolean {
  if (f.role === CHURN_FLAG_ROLE) return mapping.entity === 'churn';
  if (f.role === CHURN_DATE_ROLE && mapping.columns[CHURN_FLAG_ROLE] !== undefined) return false;
  return f.required === true;
}

const D2 = '[0-9][0-9]';
const PLAIN_TIMESTAMP = `${D2}${D2}-${D2}-${D2} ${D2}:${D2}:${D2}`;

/** Roles whose canonical column keeps the time of day (the order of same-day tickets matters for "last 5 CSAT"). */
export const TIMESTAMP_ROLES = new Set(['opened_at', 'closed_at']);

/**
 * How a numeric column writes its numbers, judged from all its values: with a decimal
 * comma ("1200,50", "1.234,5": dots group thousands) or with commas grouping thousands
 * ("12,345", "1,234.5"). One column never mixes the two, and the same "12,345" means
 * 12345 in one and 12.345 in the other, so a value alone cannot decide. A column with no
 * comma at all is 'plain': every value reads as it is, as it would with commas grouping
 * thousands.
 */
export type NumberStyle = 'decimal-comma' | 'thousands-comma' | 'plain';

/**
 * Per column (c0, c1, …) some value of which has a comma: the style of its numbers. The
 * patterns run only on values with a comma (inside CASE, so DuckDB evaluates them only
 * there: as FILTER clauses they ran on every value, 2.4 s of a 1.76 M-row file), and the
 * decimal-point count only for a column that has a decimal comma to weigh it against.
 */
export async function numberStyles(
  db: Database,
  table: string,
  raws: readonly string[],
): Promise<Map<string, NumberStyle>> {
  const out = new Map<string, NumberStyle>(raws.map((raw) => [raw, 'thousands-comma']));
  if (raws.length === 0) return out;
  const v = (raw: string) => `trim(${raw})`;
  // A comma not followed by exactly three digits, or dots grouping thousands before a comma: a decimal comma.
  const commas = raws.map(
    (raw) =>
      `count(CASE WHEN contains(${raw}, ',') AND (regexp_full_match(${v(raw)}, '-?\\d+,(\\d{1,2}|\\d{4,})') OR regexp_full_match(${v(raw)}, '-?\\d{1,3}(\\.\\d{3})+,\\d+')) THEN 1 END)`,
  );
  const row = (await db.conn.runAndReadAll(`SELECT ${commas.join(', ')} FROM ${table}`)).getRows()[0]!;
  const withComma = raws.filter((_, i) => Number(row[i]) > 0);
  if (withComma.length === 0) return out;
  // A decimal point anywhere: commas, if any, group thousands.
  const points = withComma.map(
    (raw) =>
      `count(CASE WHEN contains(${raw}, '.') AND regexp_full_match(${v(raw)}, '-?(\\d{1,3}(,\\d{3})+|\\d+)\\.\\d+') THEN 1 END)`,
  );
  const pointRow = (await db.conn.runAndReadAll(`SELECT ${points.join(', ')} FROM ${table}`)).getRows()[0]!;
  withComma.forEach((raw, i) => {
    if (Number(pointRow[i]) === 0) out.set(raw, 'decimal-comma');
  });
  return out;
}

/**
 * A number as its column writes it; NaN and ±Infinity are not numbers a CS export means.
 * DuckDB's cast to DOUBLE skips surrounding whitespace itself, so the plain cast needs no trim.
 */
function numberSql(raw: string, style: NumberStyle): string {
  const v = `trim(${raw})`;
  const parsed =
    style === 'plain'
      ? `TRY_CAST(${raw} AS DOUBLE)`
      : style === 'decimal-comma'
        ? `CASE WHEN regexp_full_match(${v}, '-?\\d{1,3}(\\.\\d{3})+(,\\d+)?|-?\\d+,\\d+')
        THEN TRY_CAST(replace(replace(${v}, '.', ''), ',', '.') AS DOUBLE) ELSE TRY_CAST(${raw} AS DOUBLE) END`
        : // Most values have no comma: skip the pattern for them (a folder of 10 M usage rows parses every one).
          `CASE WHEN contains(${raw}, ',') AND regexp_full_match(${v}, '-?\\d{1,3}(,\\d{3})+(\\.\\d+)?')
        THEN TRY_CAST(replace(${v}, ',', '') AS DOUBLE) ELSE TRY_CAST(${raw} AS DOUBLE) END`;
  // Not a scalar subquery over the parsed value: DuckDB runs that per row (20 s of a 1.8 M-row file's 44 s).
  return `CASE WHEN isfinite(${parsed}) THEN ${parsed} END`;
}

/**
 * A text value as `nullif(trim(v), '')` gives it, without trimming the values that have nothing to trim.
 * DuckDB's trim strips the Unicode space separators (U+0020, U+00A0, U+1680, U+2000–U+200A, U+202F,
 * U+205F, U+3000; not tabs) and copies the value; an id column of 3 M rows spent 0.14 s of CPU on it.
 * A value all ASCII (as many bytes as characters), starting at or above '!' (so not blank and not
 * a space) and not ending in a space has no separator at either end and is already its trimmed self;
 * any other value (NULL included) is trimmed as before.
 */
export function trimmedText(raw: string): string {
  return `CASE WHEN ${raw} >= '!' AND strlen(${raw}) = length(${raw}) AND NOT ends_with(${raw}, ' ') THEN ${raw} ELSE nullif(trim(${raw}), '') END`;
}

export function parseExpr(
  f: FieldSpec,
  raw: string,
  mapping: FileMapping,
  style: NumberStyle = 'thousands-comma',
  datePattern?: string,
): string {
  switch (f.type) {
    case 'id':
    case 'text':
      return trimmedText(raw);
    case 'date': {
      // A pattern the user typed for the file outranks each column's detected format.
      if (datePattern !== undefined) return patternSql(raw, datePattern);
      const format = mapping.dateFormats[f.role] ?? 'iso';
      const day = dateSql(raw, format);
      if (!TIMESTAMP_ROLES.has(f.role) || format !== 'iso') return day;
      // A plain "YYYY-MM-DD HH:MM:SS", as most help desks write it, is cast as it is: trimming, cutting
      // and replacing its "T" change nothing there and cost three times the cast.
      const time = `CASE WHEN ${raw} GLOB '${PLAIN_TIMESTAMP}' THEN TRY_CAST(${raw} AS TIMESTAMP)
        ELSE TRY_CAST(replace(left(trim(${raw}), 19), 'T', ' ') AS TIMESTAMP) END`;
      return `coalesce(${time}, (${day})::TIMESTAMP)`;
    }
    case 'number':
    case 'count':
      return numberSql(raw, style);
    case 'boolean':
      return `CASE WHEN lower(trim(${raw})) IN (${sqlList(TRUE_WORDS)}) THEN true WHEN lower(trim(${raw})) IN (${sqlList(FALSE_WORDS)}) THEN false END`;
    case 'flag':
      return churnFlagSql(raw);
  }
}

/** Dates that may lie ahead: a renewal, a due date, an override's expiry. Every other date is something that happened. */
const FUTURE_DATES = new Set(['renewal_date', 'due_date', 'expires_at', 'end_date']);
/**
 * Before this, a date in a CS export is a typo or a placeholder (1900-01-01, 1965…):
 * ten such usage rows stretched the backtest to 735 months.
 */
export const EARLIEST_DATE = '1990-01-01';

/** Range rules after parsing: the value is impossible and becomes missing (reason given). */
export function impossible(
  entity: EntityId,
  f: FieldSpec,
  v: string,
): { cond: string; reason: string; reasonSql?: string } | null {
  if (f.type === 'date') {
    // Rows dated 2099 moved the whole backtest to 2098–2099 with no churner: a thing that happened is not in the future.
    const future = FUTURE_DATES.has(f.role) ? 'false' : `${v}::DATE > current_date`;
    return {
      cond: `${v}::DATE < DATE '${EARLIEST_DATE}' OR ${future}`,
      reason: `date before ${EARLIEST_DATE} or after today`,
      reasonSql: `CASE WHEN ${v}::DATE < DATE '${EARLIEST_DATE}' THEN 'date before ${EARLIEST_DATE}: a placeholder or a typo' ELSE 'date after today: it cannot have happened yet' END`,
    };
  }
  if (entity === 'nps' && f.role === 'score')
    return { cond: `${v} < 0 OR ${v} > 10`, reason: 'NPS score outside 0–10' };
  // A tenure counts whole months back from the export date: no other value gives a start date.
  if (f.role === 'tenure_months')
    return {
      cond: `${v} < 0 OR ${v} <> floor(${v}) OR ${v} > 1200`,
      reason: 'tenure not a whole number of months from 0 to 1,200: the start date is unknown',
    };
  // Seats are stored as 32-bit integers: a larger "count" is a typo or a key in the wrong column.
  if (f.type === 'count') {
    return {
      cond: `${v} < 0 OR ${v} <> floor(${v}) OR ${v} > 2147483647`,
      reason: 'not a whole non-negative count',
      reasonSql: `CASE WHEN ${v} > 2147483647 THEN 'count above 2,147,483,647' ELSE 'not a whole non-negative count' END`,
    };
  }
  if (entity === 'overrides' && f.role === 'score')
    return { cond: `${v} < 0 OR ${v} > 100`, reason: 'override score outside 0–100' };
  // A platform's score is 0–100 or 1–10 (read ×10 when every score is 10 or less): anything else is not one.
  if (entity === 'score_history' && f.role === 'score')
    return { cond: `${v} < 0 OR ${v} > 100`, reason: 'health score outside 0–100' };
  if (f.role === 'arr' || f.role === 'session_minutes') return { cond: `${v} < 0`, reason: `negative ${f.label}` };
  if (f.role === 'csat') return { cond: `${v} < 0`, reason: 'negative CSAT' };
  if (f.role === 'sentiment') return { cond: `${v} < -1 OR ${v} > 1`, reason: 'sentiment outside −1 … 1' };
  return null;
}

export function notParsedReason(f: FieldSpec, mapping: FileMapping, datePattern?: string): string {
  if (f.type === 'date' && datePattern !== undefined) return `unparseable date (expected the pattern ${datePattern})`;
  if (f.type === 'date')
    return `unparseable date (expected ${DATE_FORMAT_LABELS[mapping.dateFormats[f.role] ?? 'iso']})`;
  if (f.type === 'boolean') return 'not a yes/no value';
  if (f.type === 'flag') return CHURN_FLAG_NOT_READ;
  return 'not a number';
}

export type ValueAction = 'row rejected' | 'value set to missing' | 'value coerced' | 'blank kept as missing';

/** One per-value check of a field: the rows it selects, the reason it logs and what happened to the row. */
export interface ValueCheck {
  where: string;
  reasonSql: string;
  action: ValueAction;
}

export interface FieldSql {
  entity: EntityId;
  field: FieldSpec;
  mapping: FileMapping;
  style: NumberStyle;
  datePattern: string | undefined;
  /** Whether a blank or unreadable value rejects the row (requiredHere). */
  required: boolean;
  /** The text is the as-of date the user gave (a score extract without a date column), not a column's. */
  given: boolean;
  /** SQL of the field's text and of its parsed value (before range rules). */
  raw: string;
  p: string;
}

function isNumeric(f: FieldSpec): boolean {
  return f.type === 'number' || f.type === 'count';
}

/** The field's text parsed (`raw`); a date the user gave is YYYY-MM-DD whatever the file's formats. */
export function parsedSql(s: FieldSql): string {
  return s.given ? dateSql(s.raw, 'iso') : parseExpr(s.field, s.raw, s.mapping, s.style, s.datePattern);
}

/**
 * Every per-value check of a field: a required value that is blank, unparsed or impossible
 * rejects its row; an optional one becomes missing (or is coerced, or its blank is noted).
 */
export function valueChecks(s: FieldSql): ValueCheck[] {
  const { field: f, raw, p } = s;
  const blank = `(${raw} IS NULL OR trim(${raw}) = '')`;
  const range = impossible(s.entity, f, p);
  const notParsed = sqlString(notParsedReason(f, s.mapping, s.datePattern));
  const rangeReason = range ? (range.reasonSql ?? sqlString(range.reason)) : '';
  if (s.required) {
    return [
      {
        where: `${p} IS NULL`,
        reasonSql: `CASE WHEN ${blank} THEN ${sqlString(`blank ${f.label}`)} ELSE ${notParsed} END`,
        action: 'row rejected',
      },
      ...(range
        ? [{ where: `${p} IS NOT NULL AND (${range.cond})`, reasonSql: rangeReason, action: 'row rejected' as const }]
        : []),
      // A required number read through its commas or dots is kept, and says so (a rejected row says why instead).
      ...(isNumeric(f)
        ? [((c) => (range ? { ...c, where: `${c.where} AND NOT (${range.cond})` } : c))(coercedCheck(s))]
        : []),
    ];
  }
  const out: ValueCheck[] = [
    { where: `NOT ${blank} AND ${p} IS NULL`, reasonSql: notParsed, action: 'value set to missing' },
  ];
  if (range)
    out.push({ where: `${p} IS NOT NULL AND (${range.cond})`, reasonSql: rangeReason, action: 'value set to missing' });
  if (isNumeric(f)) out.push(coercedCheck(s));
  if (REPORT_BLANKS[s.entity]?.includes(f.role))
    out.push({
      where: blank,
      reasonSql: sqlString(BLANK_REASON[f.role] ?? `blank ${f.label}`),
      action: 'blank kept as missing',
    });
  return out;
}

/**
 * A number whose value is not what DuckDB's own cast reads in its text: "12,345" with commas grouping
 * thousands, "1,5" with a decimal comma, and "1.234" in a decimal-comma column, whose dots group
 * thousands (1234, where the cast reads 1.234).
 */
function coercedCheck(s: FieldSql): ValueCheck {
  const { raw, p } = s;
  const reasonSql =
    s.style === 'decimal-comma'
      ? `CASE WHEN contains(${raw}, ',') THEN 'decimal comma read as a decimal point' ELSE 'dots read as thousands separators: the column writes decimals with a comma' END`
      : sqlString('thousands separators removed');
  return {
    where: `${p} IS NOT NULL AND TRY_CAST(trim(${raw}) AS DOUBLE) IS DISTINCT FROM ${p}`,
    reasonSql,
    action: 'value coerced',
  };
}

/** A field's final value: its parsed value, missing where a range rule calls it impossible. */
export function finalSql(s: FieldSql): string {
  const range = impossible(s.entity, s.field, s.p);
  return range ? `CASE WHEN ${range.cond} THEN NULL ELSE ${s.p} END` : s.p;
}

/**
 * Conditions, cheap enough for every row, of which one holds on each row that any of the
 * field's valueChecks selects (so those checks need to look at these rows only). They test
 * the final value (finalSql, written the same so that DuckDB evaluates it once per row):
 * - it is missing when the value is blank, does not parse, or is impossible;
 * - a text or id is missing only when blank, so it has no unparsed value to report;
 * - a number is coerced only through its comma (or, with a decimal comma, dot) branch; in a
 *   'plain' read a value with a comma does not parse (DuckDB's cast reads none), so it is missing.
 * Meant as WHEN clauses of one CASE, which tries each only on rows no earlier one took.
 */
export function flagConditions(s: FieldSql): string[] {
  const { field: f, raw } = s;
  const missing = `(${finalSql(s)}) IS NULL`;
  const out: string[] = [];
  if (s.required || REPORT_BLANKS[s.entity]?.includes(f.role)) out.push(missing);
  else if (f.type !== 'id' && f.type !== 'text') out.push(`${missing} AND ${raw} IS NOT NULL AND trim(${raw}) <> ''`);
  if (isNumeric(f) && s.style !== 'plain') {
    out.push(`contains(${raw}, ',')`);
    if (s.style === 'decimal-comma') out.push(`contains(${raw}, '.')`);
  }
  return out;
}
