/**
 * Monthly point-in-time snapshots, built in DuckDB. Every signal for the
 * snapshot at month-end D is computed only from rows dated on or before D
 * (usage rows by the END of the period they cover), so a backtest never sees
 * the future. The outcome columns (days to churn, days observed) are the only
 * things that look past D, and they are kept apart from the signals.
 */
import { DUCKDB_MEMORY, memoryBytes, sqlString, type Database } from '../data/duckdb.js';
import { SIGNAL_IDS } from '../../core/signals/catalog.js';
import { AGE_UNKNOWN, ONBOARDING_DAYS, type Cadence, type SnapshotFrame } from '../../core/snapshots/frame.js';
import { allocateFrame } from '../../core/api/frameCodec.js';
import { currentScoreMeta, fillCurrentScore } from './currentScore.js';
import { DEFAULT_GRACE_DAYS } from '../../core/api/schema/backtest.js';
import { buildEpisodeTable, numberAccounts } from './episodeTable.js';
import { latestExportDate } from '../import/exportDates.js';
import { usageBucketsSql, usageJoins, usageSignalColumns, usageWindowCtes } from './usageSql.js';
import { USAGE_WINDOWS, type UsageWindowLengths } from '../../core/signals/builtinUsage.js';
import { TICKET_WINDOWS } from '../../core/signals/builtinSupport.js';
import { sentimentMonths, supportCtes, supportJoins, supportSignalColumns } from './supportSql.js';
import { billingMonthsRead, changeValue } from '../../core/signals/builtinBilling.js';
import { billingCtes, billingJoins, billingSignalColumns, monthsBefore } from './billingSql.js';
import { NPS_MONTHS } from '../../core/signals/builtinNps.js';
import { npsCtes, npsJoins, npsSignalColumns } from './npsSql.js';
import { renewalSignalColumns } from './renewalSql.js';

const SEGMENT_ORDER = ['Enterprise', 'Mid-Market', 'SMB'];
const PLAN_ORDER = ['Enterprise', 'Professional', 'Starter'];

async function sourceLastDates(db: Database): Promise<Record<string, string | null>> {
  const row = await scalarRow(
    db,
    `SELECT
    strftime((SELECT max(date) FROM usage_events), '%Y-%m-%d') AS usage_events,
    strftime((SELECT greatest(max(opened_at), max(closed_at))::DATE FROM tickets), '%Y-%m-%d') AS tickets,
    strftime((SELECT greatest(max(issued_date), max(paid_date)) FROM invoices), '%Y-%m-%d') AS invoices,
    strftime((SELECT max(responded_at) FROM nps), '%Y-%m-%d') AS nps,
    strftime((SELECT max(churn_date) FROM churn), '%Y-%m-%d') AS churn,
    strftime((SELECT max(renewal_date) FROM renewals), '%Y-%m-%d') AS renewals,
    strftime((SELECT max(start_date) FROM subscriptions), '%Y-%m-%d') AS subscriptions,
    strftime((SELECT max(score_date) FROM score_history), '%Y-%m-%d') AS score_history`,
  );
  // Subscriptions and score histories are listed only when the export has them, so an export without them reads as before.
  if (row.subscriptions === null) delete row.subscriptions;
  if (row.score_history === null) delete row.score_history;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, (v as string | null) ?? null]));
}

async function scalarRow(db: Database, sql: string): Promise<Record<string, unknown>> {
  const r = await db.conn.runAndReadAll(sql);
  const rows = r.getRowObjectsJS();
  return (rows[0] ?? {}) as Record<string, unknown>;
}

function monthIndex(isoDate: string): number {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
}

function monthEnd(mi: number): string {
  const y = Math.floor(mi / 12);
  const m = mi % 12; // 0-based
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

export interface SnapshotWindow {
  cadence: Cadence;
  dataStart: string;
  observedThrough: string;
  periods: string[];
  usageIntervalDays: number;
  /** A one-moment export scored at its export date (FrameMeta.crossSectional). */
  crossSectional?: boolean;
}

/**
 * How each cadence turns "last 30 days" and "90-day baseline" into whole
 * periods (the usage windows, shared with the warehouse SQL: USAGE_WINDOWS;
 * the ticket windows: TICKET_WINDOWS): events are bucketed by the period they
 * end in, so each snapshot reads a few buckets instead of rescanning raw rows.
 */
interface CadenceSpec extends UsageWindowLengths {
  /** SQL: integer index of the period holding date expression x. */
  index: (x: string) => string;
}

const CADENCES: Record<Cadence, CadenceSpec> = {
  monthly: { ...USAGE_WINDOWS.monthly, index: (x) => `(year(${x}) * 12 + month(${x}) - 1)` },
  // Weeks run Monday to Sunday (2000-01-03 was a Monday); snapshots fall on Sundays.
  weekly: { ...USAGE_WINDOWS.weekly, index: (x) => `(date_diff('day', DATE '2000-01-03', ${x}) // 7)` },
};

/**
 * An account's span (snap_episodes e) covers the date: it started on or before it and had not ended. At a
 * one-moment export's date an account that ended that day (churned by the export) is in: it is the outcome.
 */
const activeAt = (date: string, w: SnapshotWindow) =>
  `e.ep_start <= ${date} AND (e.ep_end IS NULL OR e.ep_end ${w.crossSectional ? '>=' : '>'} ${date})`;

const DAY_MS = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Snapshot dates: from the first period end with a full usage baseline behind
 * it, through the last period end on or before the last observed date.
 * Without usage, a score history is the snapshots themselves (a snapshot
 * table): they start at the first period end on or after its first score,
 * since no usage trend needs a baseline.
 */
export async function snapshotWindow(db: Database, cadence: Cadence = 'monthly'): Promise<SnapshotWindow> {
  const scoresOnly = await scalarRow(
    db,
    `SELECT (SELECT count(*) FROM usage_events WHERE date IS NOT NULL) = 0
      AND (SELECT count(*) FROM score_history WHERE score_date IS NOT NULL) > 0 AS v`,
  );
  const fromScores = scoresOnly.v === true;
  const row = await scalarRow(
    db,
    `
    SELECT strftime(min(${fromScores ? 'score_date' : 'date'}), '%Y-%m-%d') AS data_start,
           strftime(greatest(
             (SELECT max(date) FROM usage_events),
             (SELECT max(opened_at)::DATE FROM tickets), (SELECT max(closed_at)::DATE FROM tickets),
             (SELECT max(issued_date) FROM invoices), (SELECT max(paid_date) FROM invoices),
             (SELECT max(responded_at) FROM nps), (SELECT max(churn_date) FROM churn),
             (SELECT max(renewal_date) FROM renewals), (SELECT max(start_date) FROM subscriptions),
             (SELECT max(score_date) FROM score_history)), '%Y-%m-%d') AS observed_through
    FROM ${fromScores ? 'score_history' : 'usage_events'}`,
  );
  const dataStart = row.data_start as string | null;
  const observedThrough = row.observed_through as string | null;
  // Nothing over time, but the export date of a one-row-per-customer extract: its one snapshot is that date.
  // Without any churn there is nothing to look at (loadFailure.ts then says so, and what to add).
  const exportDate =
    dataStart || (await scalarRow(db, 'SELECT count(*) > 0 AS v FROM churn')).v !== true
      ? null
      : await latestExportDate(db);
  if (exportDate)
    return {
      cadence,
      dataStart: exportDate,
      observedThrough: exportDate,
      periods: [exportDate],
      usageIntervalDays: 1,
      crossSectional: true,
    };
  if (!dataStart || !observedThrough)
    throw new Error(
      'no usage row and no score-history row has a date, so there is no snapshot date to build: ' +
        'map a usage export with its date column, or a score history with its date column or the export date of its extract',
    );
  const gap = await scalarRow(
    db,
    `
    SELECT coalesce(mode(gap), 1)::INTEGER AS days FROM (
      SELECT date_diff('day', lag(date) OVER (PARTITION BY account_id ORDER BY date), date) AS gap FROM usage_events
    ) WHERE gap > 0`,
  );
  const usageIntervalDays = Number(gap.days ?? 1);
  const periods: string[] = [];
  if (cadence === 'monthly') {
    const startMi = monthIndex(dataStart) + (fromScores ? 0 : dataStart.endsWith('-01') ? 2 : 3);
    let endMi = monthIndex(observedThrough);
    if (monthEnd(endMi) > observedThrough) endMi -= 1;
    for (let mi = startMi; mi <= endMi; mi++) periods.push(monthEnd(mi));
  } else {
    const start = Date.parse(`${dataStart}T00:00:00Z`) + (fromScores ? 0 : (CADENCES.weekly.baseline * 7 - 1) * DAY_MS);
    let t = start + ((7 - new Date(start).getUTCDay()) % 7) * DAY_MS; // the next Sunday
    const end = Date.parse(`${observedThrough}T00:00:00Z`);
    for (; t <= end; t += 7 * DAY_MS) periods.push(isoDay(t));
  }
  if (periods.length === 0)
    throw new Error(
      `not enough history: data from ${dataStart} to ${observedThrough} leaves no ${cadence} snapshot with a full usage baseline behind it`,
    );
  return { cadence, dataStart, observedThrough, periods, usageIntervalDays };
}

export async function assertUniqueAccounts(db: Database): Promise<void> {
  const r = await db.conn.runAndReadAll(`
    SELECT account_id, count(*)::INTEGER AS n FROM accounts GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 5`);
  const dups = r.getRowObjectsJS() as { account_id: string | null; n: number }[];
  if (dups.length > 0) {
    throw new Error(
      `accounts: duplicate account_id ${dups.map((d) => `${JSON.stringify(d.account_id)} (${d.n} rows)`).join(', ')}`,
    );
  }
}

/**
 * Which sources have rows, and which optional columns carry any value: decided once over the whole export, so a
 * batch without tickets still reads "0 tickets", not "unknown". A column the export left out (not in the file, not
 * mapped, or blank throughout) loads as NULL, and the signals that read it are unavailable, not zero. Usage measures
 * need no flag: their signals ask whether the account's own rows carry the measure.
 */
interface SourcesPresent {
  tickets: boolean;
  invoices: boolean;
  nps: boolean;
  sentiment: boolean;
  escalated: boolean;
  closedAt: boolean;
  dueDate: boolean;
  paidDate: boolean;
  subs: boolean;
  /** Subscriptions carry ARR or MRR, seats, a plan: otherwise those come from the accounts export. */
  subsArr: boolean;
  subsSeats: boolean;
}

/** A contiguous range of accounts (aidx order = account_id order), built in one query. */
export interface AccountBatch {
  lo: number;
  hi: number;
  idLo: string;
  idHi: string;
}

function periodValues(w: SnapshotWindow): string {
  return w.periods.map((d, i) => `(${i}, DATE '${d}')`).join(', ');
}

/**
 * Subscriptions active at the as-of date (started on or before it, not yet ended): what the account pays,
 * its plan (the largest subscription's), seats and the next end of a billing period. Nothing that starts
 * later is seen. Trials count as active but pay nothing. Left out of the query when the export has none.
 */
function subscriptionCtes(rows: (table: string) => string): string {
  const before = monthsBefore(changeValue().subscriptionMonths);
  return `sub_rows AS (
  SELECT account_id, start_date, end_date, plan, seats, subscription_id,
    CASE WHEN coalesce(trial, regexp_full_match(lower(trim(status)), 'trialing|in_trial|trial')) THEN 0 ELSE coalesce(arr, mrr * 12) END AS arr,
    CASE WHEN regexp_matches(lower(billing_period), 'week') THEN 0 WHEN regexp_matches(lower(billing_period), 'quarter') THEN 3
      WHEN regexp_matches(lower(billing_period), 'half|semi|six') THEN 6 WHEN regexp_matches(lower(billing_period), 'month') THEN 1
      ELSE 12 END AS bm
  FROM ${rows('subscriptions')} WHERE start_date IS NOT NULL
),
subs_now AS (
  SELECT s.aidx, s.midx, count(*) AS n, sum(sb.arr) AS arr, sum(sb.seats) AS seats,
    arg_max(sb.plan, (coalesce(sb.arr, -1), sb.start_date, coalesce(sb.subscription_id, ''))) AS plan,
    min(CASE WHEN sb.bm = 0 THEN sb.start_date + (7 * (date_diff('day', sb.start_date, s.as_of) // 7 + 1))::INTEGER
      WHEN (sb.start_date + to_months((date_diff('month', sb.start_date, s.as_of) // sb.bm * sb.bm)::INTEGER))::DATE > s.as_of
        THEN (sb.start_date + to_months((date_diff('month', sb.start_date, s.as_of) // sb.bm * sb.bm)::INTEGER))::DATE
      ELSE (sb.start_date + to_months(((date_diff('month', sb.start_date, s.as_of) // sb.bm + 1) * sb.bm)::INTEGER))::DATE END) AS next_renewal
  FROM snap s JOIN sub_rows sb ON sb.account_id = s.account_id AND sb.start_date <= s.as_of
    AND (sb.end_date IS NULL OR sb.end_date > s.as_of)
  GROUP BY ALL
),
-- What the account paid some months earlier (the subscription change's comparison), from the subscriptions active then.
subs_before AS (
  SELECT s.aidx, s.midx, sum(sb.arr) AS arr
  FROM snap s JOIN sub_rows sb ON sb.account_id = s.account_id AND sb.start_date <= ${before}
    AND (sb.end_date IS NULL OR sb.end_date > ${before})
  GROUP BY ALL
)`;
}

/**
 * The as-of date less n months (m<n>, for the billing and NPS windows) and the day after it less n months
 * (next_m<n>, for the sentiment's), as columns of each period: month arithmetic once per period, not per
 * joined row. The months are those the definitions read.
 */
const MONTHS_BACK: [column: string, sql: string][] = [
  ...[...new Set([...billingMonthsRead(), NPS_MONTHS])]
    .sort((a, b) => a - b)
    .map((n): [string, string] => [`m${n}`, `(as_of - INTERVAL ${n} MONTH)::DATE`]),
  ...sentimentMonths().map((n): [string, string] => [`next_m${n}`, `as_of + 1 - INTERVAL ${n} MONTH`]),
];

function snapshotSql(
  w: SnapshotWindow,
  batch: AccountBatch,
  has: SourcesPresent,
  labels: { segment: string[]; plan: string[]; region: string[] },
): string {
  const c = CADENCES[w.cadence];
  const observed = `DATE '${w.observedThrough}'`;
  // Only this batch's rows of each source: the aggregates below then hold one batch in memory, not the export.
  const rows = (table: string) =>
    `(SELECT * FROM ${table} WHERE account_id BETWEEN ${sqlString(batch.idLo)} AND ${sqlString(batch.idHi)})`;
  const code = (expr: string, values: string[]) =>
    `(list_position([${values.map(sqlString).join(', ')}], coalesce(${expr}, 'Unknown')) - 1)::INTEGER`;
  // With subscriptions, what the account pays and its seats are those of the subscriptions active at the date.
  const arr = has.subsArr ? `CASE WHEN s.by_subs THEN coalesce(sn.arr, 0) ELSE s.arr END` : 's.arr';
  const seats = has.subsSeats ? `CASE WHEN s.by_subs THEN sn.seats ELSE s.seats END` : 's.seats';
  return `
WITH periods(midx, as_of) AS (VALUES ${periodValues(w)}),
periods2 AS (
  SELECT midx, as_of, ${c.index('as_of')} AS mi,
    ${MONTHS_BACK.map(([col, sql]) => `${sql} AS ${col}`).join(', ')}
  FROM periods
),
snap AS (
  SELECT a.aidx, a.account_id, a.segment, a.plan, a.region, a.arr, a.seats, a.renewal_date, e.age_from, e.churn_date, e.next_start, e.by_subs,
    m.midx, m.as_of, m.mi, ${MONTHS_BACK.map(([col]) => `m.${col}`).join(', ')}
  FROM snap_accounts a JOIN snap_episodes e USING (aidx) JOIN periods2 m ON ${activeAt('m.as_of', w)}
  WHERE a.aidx BETWEEN ${batch.lo} AND ${batch.hi}
),
usage_m AS (SELECT * FROM ${rows('usage_buckets')}),
${usageWindowCtes(c)},
${supportCtes(TICKET_WINDOWS[w.cadence], c.index, rows, (n) => `s.next_m${n}`)},
${billingCtes(rows)},
${npsCtes(rows, monthsBefore)},
-- The override in force: set on or before the as-of date, not yet expired; the latest wins.
ovr AS (
  -- oidx follows created_at within an account (override_list's numbering), so its max is the latest, and
  -- two overrides set at the same moment resolve the same way on every run (arg_max over equal keys does not).
  SELECT s.aidx, s.midx, max(o.oidx) AS oidx
  FROM snap s JOIN ${rows('override_list')} o ON o.account_id = s.account_id
    AND o.created_at <= s.as_of AND (o.expires_at IS NULL OR o.expires_at > s.as_of)
  GROUP BY ALL
),
-- The outcome side: the first renewal after the as-of date that did not happen, before the account's next
-- episode (a lapse after a reactivation belongs to that later episode).
lapse AS (
  SELECT s.aidx, s.midx, min(r.renewal_date) AS lapse_date
  FROM snap s JOIN ${rows('renewals')} r ON r.account_id = s.account_id AND r.renewal_date > s.as_of AND NOT r.renewed
    AND (s.next_start IS NULL OR r.renewal_date < s.next_start)
  GROUP BY ALL
)${
    has.subs
      ? `,
${subscriptionCtes(rows)}`
      : ''
  }
SELECT
  s.aidx, s.midx, ${code('s.segment', labels.segment)} AS segment, ${code(has.subs ? 'coalesce(sn.plan, s.plan)' : 's.plan', labels.plan)} AS plan, ${code('s.region', labels.region)} AS region,
  -- Age counts from the signup, and again from a reactivation (a returning account is onboarded again).
  (date_diff('day', s.age_from, s.as_of) < ${ONBOARDING_DAYS})::INTEGER AS onboarding,
  coalesce(least(greatest(date_diff('day', s.age_from, s.as_of), 0), ${AGE_UNKNOWN - 1}), ${AGE_UNKNOWN})::INTEGER AS age_days,
  ${arr} AS arr,
  date_diff('day', s.as_of, s.churn_date)::DOUBLE AS days_to_churn,
  date_diff('day', s.as_of, l.lapse_date)::DOUBLE AS days_to_lapse,
  date_diff('day', s.as_of, ${observed})::DOUBLE AS observed_days,
  coalesce(o.oidx, -1)::INTEGER AS override_idx,
  -- usage: the built-in definitions (core/signals/builtinUsage.ts).
  ${usageSignalColumns(seats)},
  -- support: the built-in definitions (core/signals/builtinSupport.ts).
  ${supportSignalColumns(TICKET_WINDOWS[w.cadence], { tickets: has.tickets, escalated: has.escalated, closed_at: has.closedAt, sentiment: has.sentiment })},
  -- billing: the built-in definitions (core/signals/builtinBilling.ts).
  ${billingSignalColumns({ invoices: has.invoices, due_date: has.dueDate, paid_date: has.paidDate }, has.subsArr)},
  -- NPS: the built-in definitions (core/signals/builtinNps.ts).
  ${npsSignalColumns(has.nps)},
  -- renewal and subscriptions: the built-in definitions (core/signals/builtinRenewal.ts).
  ${renewalSignalColumns(has.subs)}
FROM snap s
${usageJoins()}
${supportJoins()}
${billingJoins}
${npsJoins}
LEFT JOIN lapse l ON l.aidx = s.aidx AND l.midx = s.midx
LEFT JOIN ovr o ON o.aidx = s.aidx AND o.midx = s.midx
${has.subs ? `LEFT JOIN subs_now sn ON sn.aidx = s.aidx AND sn.midx = s.midx LEFT JOIN subs_before sb3 ON sb3.aidx = s.aidx AND sb3.midx = s.midx` : ''}`;
}

/** Distinct labels of a text column over the accounts with at least one snapshot, known values first. */
async function labelsOf(db: Database, w: SnapshotWindow, column: string, order: readonly string[]): Promise<string[]> {
  // A plan can also come from a subscription active at some snapshot.
  const subscriptionPlans =
    column === 'plan'
      ? `UNION SELECT DISTINCT coalesce(sb.plan, 'Unknown') FROM subscriptions sb JOIN snap_accounts a USING (account_id)
    WHERE EXISTS (SELECT 1 FROM periods m WHERE sb.start_date <= m.as_of AND (sb.end_date IS NULL OR sb.end_date > m.as_of)
      AND EXISTS (SELECT 1 FROM snap_episodes e WHERE e.aidx = a.aidx AND ${activeAt('m.as_of', w)}))`
      : '';
  const r = await db.conn.runAndReadAll(`
    WITH periods(midx, as_of) AS (VALUES ${periodValues(w)})
    SELECT DISTINCT coalesce(a.${column}, 'Unknown') AS v FROM snap_accounts a
    WHERE EXISTS (SELECT 1 FROM periods m JOIN snap_episodes e ON e.aidx = a.aidx AND ${activeAt('m.as_of', w)})
    ${subscriptionPlans}`);
  const present = (r.getColumnsJS()[0] ?? []) as string[];
  const labels = [...order.filter((v) => present.includes(v)), ...present.filter((v) => !order.includes(v)).sort()];
  if (labels.length > 255) throw new Error(`too many distinct ${column} values (${labels.length}); at most 255`);
  return labels;
}

/**
 * Snapshot rows computed per query, from DuckDB's memory cap. The signal
 * query's joins and aggregates hold about one batch, at up to ~2 KB per
 * snapshot (measured: 92 k rows need 150–200 MB, 200 k rows fit in 400 MB),
 * so the peak stays flat as exports grow instead of scaling with the
 * portfolio.
 */
export function batchRowsFor(memoryCapBytes: number): number {
  return Math.max(20_000, Math.floor(memoryCapBytes / 2_500));
}

/** Contiguous account ranges of about `batchRows` snapshots each (`perAccount[aidx]` snapshots per account). */
export function accountBatches(
  perAccount: ArrayLike<number>,
  ids: readonly (string | null)[],
  batchRows: number,
): AccountBatch[] {
  const out: AccountBatch[] = [];
  let lo = 0;
  let rows = 0;
  const close = (hi: number) => {
    // NULL ids never join; bound the range by the ids that can.
    const named = ids.slice(lo, hi + 1).filter((v): v is string => v !== null);
    if (named.length > 0) out.push({ lo, hi, idLo: named[0]!, idHi: named[named.length - 1]! });
    lo = hi + 1;
    rows = 0;
  };
  for (let a = 0; a < perAccount.length; a++) {
    rows += perAccount[a]!;
    if (rows >= batchRows) close(a);
  }
  if (lo < perAccount.length && rows > 0) close(perAccount.length - 1);
  return out;
}

/** First index in [from, to) whose account is ≥ aidx (accounts ascend within a period). */
function lowerBound(account: Int32Array, aidx: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (account[mid]! < aidx) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const NUMERIC_COLUMNS = ['arr', 'days_to_churn', 'days_to_lapse', 'observed_days', ...SIGNAL_IDS] as const;

export async function buildSnapshots(
  db: Database,
  onStep?: (step: string, fraction: number) => void,
  cadence: Cadence = 'monthly',
  batchRows = batchRowsFor(memoryBytes(DUCKDB_MEMORY)),
  graceDays = DEFAULT_GRACE_DAYS,
): Promise<SnapshotFrame> {
  await assertUniqueAccounts(db);
  onStep?.('Choosing snapshot dates', 0);
  const w = await snapshotWindow(db, cadence);
  // Usable overrides only (a tier or a score, and a reason), numbered for the frame.
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE override_list AS
    SELECT (row_number() OVER (ORDER BY account_id, created_at, reason, tier, score, expires_at) - 1)::INTEGER AS oidx, *
    FROM overrides WHERE account_id IS NOT NULL AND created_at IS NOT NULL AND nullif(trim(reason), '') IS NOT NULL
      AND (nullif(trim(tier), '') IS NOT NULL OR score IS NOT NULL)`);
  // Accounts numbered in id order (aidx), and their active spans (snap_episodes): what every batch starts from.
  await numberAccounts(db);
  await buildEpisodeTable(db, graceDays, w.observedThrough);
  const has = (await scalarRow(
    db,
    `SELECT
    (SELECT count(*) FROM tickets) > 0 AS tickets, (SELECT count(*) FROM invoices) > 0 AS invoices,
    (SELECT count(*) FROM nps) > 0 AS nps,
    -- Optional columns: a signal built on one the exports do not carry is unavailable, not zero.
    (SELECT count(sentiment) FROM tickets) > 0 AS sentiment, (SELECT count(escalated) FROM tickets) > 0 AS "escalated",
    (SELECT count(closed_at) FROM tickets) > 0 AS "closedAt",
    (SELECT count(due_date) FROM invoices) > 0 AS "dueDate", (SELECT count(paid_date) FROM invoices) > 0 AS "paidDate",
    (SELECT count(*) FROM subscriptions) > 0 AS subs, (SELECT count(arr) + count(mrr) FROM subscriptions) > 0 AS "subsArr", (SELECT count(seats) FROM subscriptions) > 0 AS "subsSeats"`,
  )) as unknown as SourcesPresent;

  // Which (period, account) pairs exist, in frame order: sizes the arrays and places every batch's rows.
  const keys = await db.conn.runAndReadAll(`
    WITH periods(midx, as_of) AS (VALUES ${periodValues(w)})
    SELECT m.midx::INTEGER AS midx, e.aidx FROM snap_episodes e JOIN periods m ON ${activeAt('m.as_of', w)}
    ORDER BY m.midx, e.aidx`);
  const n = keys.currentRowCount;
  const [periodColumn, accountColumn] = keys.getColumns() as [number[], number[]];
  const period = Uint16Array.from(periodColumn);
  const account = Int32Array.from(accountColumn);
  const acc = await db.conn.runAndReadAll(
    `SELECT account_id, coalesce(name, account_id) AS name FROM snap_accounts ORDER BY aidx`,
  );
  const [ids, accNames] = acc.getColumnsJS() as [(string | null)[], string[]];
  const periodStart = new Int32Array(w.periods.length + 1);
  for (let i = 0; i < n; i++) periodStart[period[i]! + 1]!++;
  for (let p = 0; p < w.periods.length; p++) periodStart[p + 1]! += periodStart[p]!;
  const perAccount = new Int32Array(ids.length);
  for (let i = 0; i < n; i++) perAccount[account[i]!]!++;

  const labels = {
    segment: await labelsOf(db, w, 'segment', SEGMENT_ORDER),
    plan: await labelsOf(db, w, 'plan', PLAN_ORDER),
    region: await labelsOf(db, w, 'region', []),
  };
  const ovr = await db.conn
    .runAndReadAll(`SELECT account_id, strftime(created_at, '%Y-%m-%d') AS created_at, nullif(trim(tier), '') AS tier, score, trim(reason) AS reason,
      nullif(trim(author), '') AS author, strftime(expires_at, '%Y-%m-%d') AS expires_at FROM override_list ORDER BY oidx`);
  const overrides = (ovr.getRowObjectsJS() as Record<string, unknown>[]).map((r) => ({
    accountId: String(r.account_id),
    createdAt: String(r.created_at),
    tier: (r.tier as string | null) ?? null,
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    reason: String(r.reason),
    author: (r.author as string | null) ?? null,
    expiresAt: (r.expires_at as string | null) ?? null,
  }));

  const currentScore = await currentScoreMeta(db);
  // Everything the header says is known now, so the frame is allocated in its wire form.
  const frame = allocateFrame(
    {
      cadence,
      periods: w.periods,
      segments: labels.segment,
      plans: labels.plan,
      regions: labels.region,
      accountIds: ids as string[],
      accountNames: accNames,
      observedThrough: w.observedThrough,
      sourceLastDates: await sourceLastDates(db),
      signals: [...SIGNAL_IDS],
      usageIntervalDays: w.usageIntervalDays,
      overrides,
      ...(currentScore ? { currentScore } : {}),
      ...(w.crossSectional ? { crossSectional: true } : {}),
    },
    n,
  );
  frame.account.set(account);
  frame.period.set(period);
  const {
    segment,
    plan,
    region,
    onboarding,
    ageDays,
    overrideIdx,
    arr,
    daysToChurn,
    daysToLapse,
    observedDays,
    values,
  } = frame;
  const numericTargets: Float32Array[] = [
    arr,
    daysToChurn,
    daysToLapse,
    observedDays,
    ...SIGNAL_IDS.map((sg) => values[sg]),
  ];
  const codeTargets: (Uint8Array | Uint16Array | Int32Array)[] = [
    segment,
    plan,
    region,
    onboarding,
    ageDays,
    overrideIdx,
  ];
  const CODE_COLUMNS = ['segment', 'plan', 'region', 'onboarding', 'age_days', 'override_idx'];

  onStep?.('Summing usage by period', 0.05);
  await db.conn.run(usageBucketsSql(CADENCES[cadence].index, w.usageIntervalDays));
  const batches = accountBatches(perAccount, ids, batchRows);
  let filled = 0;
  for (const [b, batch] of batches.entries()) {
    onStep?.(
      `Computing signals for ${w.periods.length} ${cadence === 'monthly' ? 'month-ends' : 'week-ends'}: accounts ${batch.lo + 1}–${batch.hi + 1} of ${ids.length}`,
      0.2 + (0.8 * b) / batches.length,
    );
    // Typed columns, so every value arrives as a JS number (no BigInt, no strings for codes).
    const result = await db.conn.stream(`
      SELECT aidx, midx::INTEGER AS midx, ${CODE_COLUMNS.join(', ')}, ${NUMERIC_COLUMNS.map((c) => `${c}::DOUBLE AS ${c}`).join(', ')}
      FROM (${snapshotSql(w, batch, has, labels)}) ORDER BY midx, aidx`);
    let cursor = 0;
    let currentPeriod = -1;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const rows = chunk.rowCount;
      const at = new Int32Array(rows);
      const aidx = chunk.getColumnVector(0);
      const midx = chunk.getColumnVector(1);
      for (let j = 0; j < rows; j++) {
        const p = midx.getItem(j) as number;
        const a = aidx.getItem(j) as number;
        // Within a period this batch's accounts are contiguous in the frame.
        if (p !== currentPeriod) {
          currentPeriod = p;
          cursor = lowerBound(account, batch.lo, periodStart[p]!, periodStart[p + 1]!);
        }
        if (account[cursor] !== a || period[cursor] !== p)
          throw new Error(`snapshot batch ${b + 1}: row for account ${a}, period ${p} has no place in the frame`);
        at[j] = cursor++;
      }
      codeTargets.forEach((target, k) => {
        const v = chunk.getColumnVector(2 + k);
        for (let j = 0; j < rows; j++) target[at[j]!] = (v.getItem(j) as number | null) ?? 0;
      });
      numericTargets.forEach((target, k) => {
        const v = chunk.getColumnVector(2 + CODE_COLUMNS.length + k);
        for (let j = 0; j < rows; j++) target[at[j]!] = (v.getItem(j) as number | null) ?? Number.NaN;
      });
      filled += rows;
    }
  }
  await db.conn.run('DROP TABLE IF EXISTS usage_buckets');
  if (filled !== n) throw new Error(`snapshot batches returned ${filled} rows, expected ${n}`);
  await fillCurrentScore(db, frame, (p, a) => {
    const j = lowerBound(account, a, periodStart[p]!, periodStart[p + 1]!);
    return j < periodStart[p + 1]! && account[j] === a ? j : -1;
  });
  onStep?.('Packing snapshots', 1);
  return frame;
}
