/**
 * One compiler for custom signals: a definition (api/schema/customSignal.ts) becomes SQL over the
 * canonical tables, in the subset DuckDB and PostgreSQL share (CTEs, FILTER, window functions, CAST,
 * date − date as days). The snapshot build runs it for every (account, snapshot date); the warehouse
 * SQL for one as-of date. Both hand it a `snap` relation with one row per (account_id, as_of) and the
 * account's licensed seats, and read the `custom_signals` step it ends with.
 *
 * Point in time: a row counts from the day it becomes known (its date; a usage row at the end of the
 * span it covers; a ticket's CSAT at closing), and only when that day is on or before the snapshot
 * date. A window of W days is the snapshot date and the W − 1 days before it; the row dated exactly
 * on the snapshot date is in, the next day's is not.
 *
 * Missing is never zero: an account with no row known by the snapshot date that carries the measure
 * (the column filled in, and the filter's column when there is one) is unavailable (NULL, NaN in the
 * frame). An account that has such rows, but none in the window, counts 0 for count, distinct count
 * and sum, and is unavailable for mean, min, max, last and share true (no value to speak of).
 */
import type { CustomSignal } from '../api/schema/customSignal.js';
import { CUSTOM_TABLES, type CustomTable, type CustomTableName } from './customTables.js';
import { requireCustomColumns, resolveCustomColumn, type ExtraColumnKinds } from './customColumns.js';
import { signalColumnName } from './catalog.js';

export interface CustomSqlOptions {
  /** Days each usage row covers (1 daily, 7 weekly): it becomes known at the end of that span. */
  usageIntervalDays: number;
  /** The extra columns (x_…) the tables carry, by kind: a signal reading one not listed is an error naming it. */
  extraColumns?: ExtraColumnKinds;
  /**
   * The day the accounts table's columns describe, as a SQL DATE expression: the accounts file's export date
   * (the engine), or the day the query runs (the warehouse, whose table is current). A signal on the accounts
   * table sees them only from then on; without it such a signal is an error that says what to give.
   */
  accountsKnownFrom?: string;
}

const D = 'DOUBLE PRECISION';
/** Days in "the same window last year". */
const YEAR_DAYS = 365;

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The day a row's measure becomes known, as a DATE expression over the table alias t. */
function knownAt(name: CustomTableName, column: string | undefined, o: CustomSqlOptions): string {
  const table: CustomTable = CUSTOM_TABLES[name];
  const date =
    (column === undefined ? undefined : resolveCustomColumn(name, column, o.extraColumns ?? {})?.knownAt) ?? table.date;
  if (date === undefined) {
    if (o.accountsKnownFrom === undefined)
      throw new Error(
        `a custom signal reads the ${table.label.toLowerCase()} file, whose columns describe the accounts on the day it was exported: give that file's export date in its mapping`,
      );
    return `CAST(${o.accountsKnownFrom} AS DATE)`;
  }
  if (table.coversInterval) return `(t.${date} + ${Math.max(1, Math.trunc(o.usageIntervalDays)) - 1})`;
  return `CAST(t.${date} AS DATE)`;
}

/** Age ranges (days before the snapshot date, 0 = that day) of the window and of what it is compared with. */
function windows(s: CustomSignal): { cur: string; ref: string | null; reach: number | null } {
  if (s.window === 'since_start') return { cur: 'TRUE', ref: null, reach: null };
  const w = s.window;
  const cur = `age < ${w}`;
  if (s.comparison === 'trend') return { cur, ref: `age >= ${w} AND age < ${2 * w}`, reach: 2 * w };
  if (s.comparison === 'last_year')
    return { cur, ref: `age >= ${YEAR_DAYS} AND age < ${YEAR_DAYS + w}`, reach: YEAR_DAYS + w };
  return { cur, ref: null, reach: w };
}

/** The aggregate over the rows of one window (rows already have the measure); `ranked` holds rn for last. */
function aggregate(s: CustomSignal, range: string, match: string): string {
  const where = `FILTER (WHERE ${range} AND ${match})`;
  switch (s.aggregation) {
    case 'count':
      return `COUNT(*) ${where}`;
    case 'distinct_count':
      return `COUNT(DISTINCT v) ${where}`;
    case 'sum':
      return `SUM(v) ${where}`;
    case 'mean':
    case 'share_true':
      return `AVG(v) ${where}`;
    case 'min':
      return `MIN(v) ${where}`;
    case 'max':
      return `MAX(v) ${where}`;
    case 'last':
      return `MAX(v) FILTER (WHERE ${range} AND ${match} AND rn = 1)`;
  }
}

/** Count, distinct count and sum read 0 over an empty window of a covered account; the rest stay unavailable. */
const additive = (s: CustomSignal) =>
  s.aggregation === 'count' || s.aggregation === 'distinct_count' || s.aggregation === 'sum';

/** The SQL steps of one custom signal: its rows, its first known row per account, its window aggregates. */
function signalSteps(s: CustomSignal, k: number, o: CustomSqlOptions): string {
  const table: CustomTable = CUSTOM_TABLES[s.table];
  const d = knownAt(s.table, s.column, o);
  const col = s.column === undefined ? undefined : resolveCustomColumn(s.table, s.column, o.extraColumns ?? {});
  // Booleans as 1/0, so share true is a mean and last value a number on both engines.
  const v =
    s.column === undefined
      ? 'CAST(NULL AS INTEGER)'
      : col?.kind === 'boolean' && s.aggregation !== 'distinct_count'
        ? `CASE WHEN t.${s.column} THEN 1.0 ELSE 0.0 END`
        : `t.${s.column}`;
  const carries =
    [
      ...(s.column === undefined ? [] : [`t.${s.column} IS NOT NULL`]),
      ...(s.where ? [`t.${s.where.column} IS NOT NULL`] : []),
      ...(table.date ? [`t.${table.date} IS NOT NULL`] : []),
      ...(col?.knownAt ? [`t.${col.knownAt} IS NOT NULL`] : []),
    ].join(' AND ') || 'TRUE';
  const match = !s.where
    ? 'TRUE'
    : 'equals' in s.where
      ? `LOWER(TRIM(t.${s.where.column})) IN (${s.where.equals.map((x) => lit(x.trim().toLowerCase())).join(', ')})`
      : `${s.where.is ? '' : 'NOT '}t.${s.where.column}`;
  const { cur, ref, reach } = windows(s);
  const bucket = ref ? `CASE WHEN ${cur} THEN 0 ELSE 1 END` : '0';
  const last = s.aggregation === 'last';
  // Last value: the latest known day, then the latest timestamp, then the id, then the larger value.
  const stamp = col?.knownAt ?? table.date;
  const lastColumns = `, ${d} AS o_day, ${stamp ? `t.${stamp}` : d} AS o_ts, ${
    table.tieBreak ? `t.${table.tieBreak}` : 'CAST(NULL AS VARCHAR)'
  } AS o_tb`;
  const rank = `, ROW_NUMBER() OVER (PARTITION BY account_id, as_of, m, ${bucket} ORDER BY o_day DESC, o_ts DESC, o_tb DESC NULLS LAST, v DESC) AS rn`;
  const rows = `cs${k}_rows AS (
  SELECT account_id, as_of, age, v, m${last ? rank : ''}
  FROM (
    SELECT s.account_id, s.as_of, s.as_of - ${d} AS age, ${v} AS v, ${match} AS m${last ? lastColumns : ''}
    FROM snap s JOIN ${s.table} t ON t.account_id = s.account_id
    WHERE ${carries} AND ${d} <= s.as_of${reach === null ? '' : ` AND ${d} > s.as_of - ${reach}`}
  ) x
  WHERE ${ref ? `(${cur}) OR (${ref})` : cur}
)`;
  // A table without dates is known from a day the caller gives, which in the warehouse is each snapshot's own
  // (s.as_of): its first known day is then read through the snapshots. One row per account, so the join is small.
  const first = table.date
    ? `cs${k}_first AS (
  SELECT t.account_id, MIN(${d}) AS first_day FROM ${s.table} t
  WHERE ${carries} AND t.account_id IN (SELECT account_id FROM snap) GROUP BY t.account_id
)`
    : `cs${k}_first AS (
  SELECT t.account_id, MIN(${d}) AS first_day FROM snap s JOIN ${s.table} t ON t.account_id = s.account_id
  WHERE ${carries} GROUP BY t.account_id
)`;
  const agg = `cs${k} AS (
  SELECT account_id, as_of, ${aggregate(s, cur, 'm')} AS cur${ref ? `, ${aggregate(s, ref, 'm')} AS ref` : ''}
  FROM cs${k}_rows GROUP BY account_id, as_of
)`;
  const au =
    s.comparison === 'per_active_user'
      ? `,\ncs${k}_au AS (
  SELECT s.account_id, s.as_of, AVG(t.active_users) AS au
  FROM snap s JOIN usage_events t ON t.account_id = s.account_id
  WHERE t.active_users IS NOT NULL AND t.date IS NOT NULL AND ${knownAt('usage_events', undefined, o)} <= s.as_of${
    s.window === 'since_start' ? '' : ` AND ${knownAt('usage_events', undefined, o)} > s.as_of - ${s.window}`
  }
  GROUP BY s.account_id, s.as_of
)`
      : '';
  return `${rows},\n${first},\n${agg}${au}`;
}

/** The signal's value from its step's columns (a, the aggregates; s, the snapshot; f, the first known row). */
function valueSql(s: CustomSignal, k: number): string {
  const cur = additive(s) ? `COALESCE(CAST(a${k}.cur AS ${D}), 0)` : `CAST(a${k}.cur AS ${D})`;
  const ref = additive(s) ? `COALESCE(CAST(a${k}.ref AS ${D}), 0)` : `CAST(a${k}.ref AS ${D})`;
  const compared = {
    value: cur,
    // No baseline (nothing, or zero, in the earlier window) is no trend, not an infinite one.
    trend: `CASE WHEN ${ref} <> 0 THEN ${cur} / ${ref} END`,
    last_year: `CASE WHEN ${ref} <> 0 THEN ${cur} / ${ref} END`,
    per_seat: `CASE WHEN s.seats > 0 THEN ${cur} / CAST(s.seats AS ${D}) END`,
    per_active_user: `CASE WHEN u${k}.au > 0 THEN ${cur} / CAST(u${k}.au AS ${D}) END`,
  }[s.comparison];
  return `CASE WHEN f${k}.first_day <= s.as_of THEN ${compared} END`;
}

/**
 * The steps computing `signals` over `snap` (account_id, as_of, seats), ending in `custom_signals`:
 * account_id, as_of and one DOUBLE column per signal, named signalColumnName(id). Empty string for none.
 */
export function customSignalsSql(signals: readonly CustomSignal[], o: CustomSqlOptions): string {
  if (signals.length === 0) return '';
  requireCustomColumns(signals, o.extraColumns ?? {});
  const steps = signals.map((s, k) => signalSteps(s, k, o)).join(',\n');
  const joins = signals
    .map(
      (s, k) =>
        `LEFT JOIN cs${k}_first f${k} ON f${k}.account_id = s.account_id LEFT JOIN cs${k} a${k} ON a${k}.account_id = s.account_id AND a${k}.as_of = s.as_of${
          s.comparison === 'per_active_user'
            ? ` LEFT JOIN cs${k}_au u${k} ON u${k}.account_id = s.account_id AND u${k}.as_of = s.as_of`
            : ''
        }`,
    )
    .join('\n  ');
  return `${steps},
custom_signals AS (
  SELECT s.account_id, s.as_of, ${signals.map((s, k) => `${valueSql(s, k)} AS ${signalColumnName(s.id)}`).join(',\n    ')}
  FROM snap s
  ${joins}
)`;
}
