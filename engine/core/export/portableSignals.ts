/**
 * The signal steps of the warehouse SQL (portableSql.ts): the engine's snapshot signals
 * (engine/node/snapshots/buildSnapshots.ts) at monthly cadence for one as-of date, in the SQL
 * DuckDB and PostgreSQL share, with the engine's rules for what is unavailable (a measure or
 * column the tables do not carry), churn as episodes, and optionally subscriptions. The built-in
 * signals' columns come from their definitions (core/signals/builtin*.ts) through one module per
 * family (portableUsage, portableSupport, portableBilling, portableNps, portableRenewal).
 */
import { samePeriodLastYear } from '../scoring/seasonal.js';
import type { CustomSignal } from '../api/schema/customSignal.js';
import { DEFAULT_GRACE_DAYS } from '../api/schema/backtest.js';
import { SIGNAL_IDS, signalColumnName } from '../signals/catalog.js';
import { extraColumnsRead, type ExtraColumnKinds } from '../signals/customColumns.js';
import { customSignalsSql } from '../signals/customSql.js';
import { AGE_UNKNOWN } from '../snapshots/frame.js';
import { episodesSql, subscriptionFiguresSql } from './portableEpisodes.js';
import { usageColumns, usageCtes } from './portableUsage.js';
import { supportColumns, supportCtes, supportJoins } from './portableSupport.js';
import { billingColumns, billingCtes, billingJoins } from './portableBilling.js';
import { changeValue } from '../signals/builtinBilling.js';
import { npsColumns, npsCtes, npsJoins } from './portableNps.js';
import { anniversaryCte, renewalColumns, renewalJoins } from './portableRenewal.js';

export interface PortableSqlOptions {
  /** Month-end to score at (YYYY-MM-DD). */
  asOf: string;
  /** Days each usage row covers (1 for daily rows, 7 for weekly); the engine infers it from the data. */
  usageIntervalDays: number;
  /**
   * Read a subscriptions table (the engine's, when the export has one): it then says when each account that has
   * subscriptions is active, what it pays, its plan, seats and next renewal. Off: no such table is read.
   */
  subscriptions?: boolean;
  /** Days a subscription may start after the last one ended and still be the same episode (the engine's default 30). */
  graceDays?: number;
  /** The configuration's own signals (engine/core/signals/customSql.ts), as columns after the built-ins. */
  customSignals?: readonly CustomSignal[];
  /**
   * The extra columns (x_…) the loaded tables carry, by kind: a custom signal may read them, and the
   * warehouse's tables must then carry them under the same names.
   */
  extraColumns?: ExtraColumnKinds;
  /**
   * The day the accounts table describes, for custom signals on its columns: the export date of a one-row
   * extract (as the engine reads it). Absent: the table is taken as current at the as-of date scored.
   */
  accountsExportDate?: string;
}

export const D = 'DOUBLE PRECISION';
/** Round to a 32-bit float and back, as the engine's Float32Array storage does. A declaration, not a module-level arrow: Stryker can switch its mutants per test. */
export function f32(x: string): string {
  return `CAST(CAST(${x} AS REAL) AS ${D})`;
}

/** The signal CTEs: engine/snapshots/buildSnapshots.ts at monthly cadence, for one as-of date. */
export function signalsSql(o: PortableSqlOptions): string {
  const interval = Math.max(1, Math.trunc(o.usageIntervalDays));
  const mi = (x: string) =>
    `(CAST(EXTRACT(YEAR FROM ${x}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM ${x}) AS INTEGER) - 1)`;
  const div = (a: string, b: string) => `(${a}) / NULLIF(${b}, 0)`;
  const subs = o.subscriptions === true;
  const grace = o.graceDays ?? DEFAULT_GRACE_DAYS;
  const arr = subs ? `CASE WHEN s.by_subs AND hs.arr THEN COALESCE(sn.arr, 0) ELSE s.arr END` : 's.arr';
  const seats = subs ? `CASE WHEN s.by_subs AND hs.seats THEN sn.seats ELSE s.seats END` : 's.seats';
  const custom = o.customSignals ?? [];
  const customColumns = custom.map((c) => signalColumnName(c.id));
  return `params AS (
  SELECT CAST('${o.asOf}' AS DATE) AS as_of
),
params2 AS (
  SELECT as_of, ${mi('as_of')} AS m, CAST(as_of - INTERVAL '${changeValue().subscriptionMonths} months' AS DATE) AS arr_before_at FROM params
),
${episodesSql(subs, grace)},
snap AS (
  SELECT a.account_id, COALESCE(a.segment, 'Unknown') AS segment, a.plan, COALESCE(a.region, 'Unknown') AS region,
    a.arr, a.seats, a.renewal_date, p.as_of, p.m, p.arr_before_at,
    ${subs ? 'sa.account_id IS NOT NULL' : 'FALSE'} AS by_subs,
    ${subs ? 'CASE WHEN sa.account_id IS NOT NULL THEN sg.age_from ELSE COALESCE(cb.day, a.signup_date) END' : 'COALESCE(cb.day, a.signup_date)'} AS age_from
  FROM accounts a CROSS JOIN params2 p
  LEFT JOIN last_churn lc ON lc.account_id = a.account_id LEFT JOIN comeback cb ON cb.account_id = a.account_id${
    subs
      ? `
  LEFT JOIN sub_accounts sa ON sa.account_id = a.account_id LEFT JOIN sub_age sg ON sg.account_id = a.account_id`
      : ''
  }
  -- Active at the date: with subscriptions, one is open; without, signed up and not churned since the last return.
  WHERE ${subs ? 'CASE WHEN sa.account_id IS NOT NULL THEN sg.account_id IS NOT NULL ELSE ' : ''}a.signup_date <= p.as_of AND (lc.day IS NULL OR cb.day IS NOT NULL)${subs ? ' END' : ''}
),
${usageCtes(mi, interval)},
has AS MATERIALIZED (
  SELECT (SELECT COUNT(*) FROM tickets) > 0 AS tickets, (SELECT COUNT(*) FROM invoices) > 0 AS invoices, (SELECT COUNT(*) FROM nps) > 0 AS nps,
    (SELECT COUNT(sentiment) FROM tickets) > 0 AS sentiment,
    -- Optional columns: a signal on one the export does not carry is unavailable, not zero.
    (SELECT COUNT(escalated) FROM tickets) > 0 AS escalated, (SELECT COUNT(closed_at) FROM tickets) > 0 AS closed_at,
    (SELECT COUNT(due_date) FROM invoices) > 0 AS due_date, (SELECT COUNT(paid_date) FROM invoices) > 0 AS paid_date
),
${supportCtes(mi)},
${billingCtes()},
${npsCtes()},
${anniversaryCte()}${subs ? `,\n${subscriptionFiguresSql()}` : ''},${custom.length > 0 ? `\n${customSignalsSql(custom, { usageIntervalDays: o.usageIntervalDays, extraColumns: o.extraColumns ?? {}, accountsKnownFrom: o.accountsExportDate ? `CAST('${o.accountsExportDate}' AS DATE)` : 's.as_of' })},` : ''}
sig_raw AS (
  SELECT s.account_id, s.segment, COALESCE(${subs ? 'sp.plan, ' : ''}s.plan, 'Unknown') AS plan, s.region, ${arr} AS arr,
    COALESCE(LEAST(GREATEST(s.as_of - s.age_from, 0), ${AGE_UNKNOWN - 1}), ${AGE_UNKNOWN}) AS age_days, s.as_of,
    ${usageColumns(seats, div)},
    ${supportColumns()},
    ${billingColumns(subs)},
    ${npsColumns()},
    ${renewalColumns(subs)}${customColumns.map((c) => `,\n    cs.${c}`).join('')}
  FROM snap s CROSS JOIN has h
  ${renewalJoins()}
  LEFT JOIN usage_w u ON u.account_id = s.account_id
  ${supportJoins()}
  ${billingJoins()}
  ${npsJoins()}${custom.length > 0 ? '\n  LEFT JOIN custom_signals cs ON cs.account_id = s.account_id' : ''}${
    subs
      ? `
  CROSS JOIN has_subs hs LEFT JOIN subs_now sn ON sn.account_id = s.account_id LEFT JOIN subs_plan sp ON sp.account_id = s.account_id
  LEFT JOIN subs_before sb3 ON sb3.account_id = s.account_id`
      : ''
  }
),
sig32 AS MATERIALIZED (
  SELECT account_id, segment, plan, region, ${f32(`CAST(arr AS ${D})`)} AS arr, age_days, as_of, ${[...SIGNAL_IDS, ...customColumns].map((id: string) => `${f32(`CAST(${id} AS ${D})`)} AS ${id}`).join(', ')},
    ${Object.entries(samePeriodLastYear())
      .map(
        ([trailing, yoy]) =>
          `COALESCE(${f32(`CAST(${yoy} AS ${D})`)}, ${f32(`CAST(${trailing} AS ${D})`)}) AS ${trailing}_ly`,
      )
      .join(', ')}
  FROM sig_raw
)`;
}

/** The extra columns custom signals read: the warehouse's tables must carry them, as the workbench's import keeps them. */
function extrasLine(signals: readonly CustomSignal[], accountsExportDate: string | undefined): string {
  const read = extraColumnsRead(signals);
  const extras =
    read.length === 0
      ? ''
      : `-- Custom signals read extra columns kept at import (${read.join(', ')}): the warehouse tables must carry them under these names and types.\n`;
  const accounts = signals.some((s) => s.table === 'accounts')
    ? accountsExportDate
      ? `-- Custom signals read the accounts table as exported on ${accountsExportDate}: known from that date, unavailable before it.\n`
      : '-- Custom signals read the accounts table as it is: it is taken to describe the accounts at the as-of date (no point-in-time guarantee).\n'
    : '';
  const events = signals.some((s) => s.table === 'product_events')
    ? '-- Custom signals read product_events: one row per product event (account_id, date, seq: the order events happened in, user_id, event, and the extra columns).\n'
    : '';
  return extras + accounts + events;
}

/** What the query reads and how churn is read: the lines every generated query starts with. */
export function header(o: PortableSqlOptions): string {
  const subs = o.subscriptions === true;
  return `-- Reads accounts, usage_events, tickets, invoices, nps, churn (with its reactivation flag)${subs ? ' and subscriptions' : ''}, with the workbench's column names.
-- Churn as episodes: a churn row ends an account's episode, a row flagged as a reactivation starts the next (age counts again from it).
${
  subs
    ? `-- Accounts with subscriptions are active while one is open (gaps of up to ${o.graceDays ?? DEFAULT_GRACE_DAYS} days are one episode); ARR, plan, seats and renewal come from them.`
    : `-- Subscriptions are not read (generated without them): correct for exports without a subscriptions table; if yours has one, generate the query with subscriptions.`
}
-- A measure or column the tables do not carry (blank throughout, or blank in an account's rows) is unavailable, never 0.
${extrasLine(o.customSignals ?? [], o.accountsExportDate)}-- To score another month-end, change the date in "params". Runs unchanged on DuckDB and PostgreSQL.
`;
}

/** The columns portableSignalsSql returns, in order: custom signals as signalColumnName(id), after the built-ins. */
export function portableSignalColumns(customSignals: readonly CustomSignal[] = []): string[] {
  return [
    'account_id',
    'segment',
    'plan',
    'region',
    'arr',
    'age_days',
    'as_of',
    ...SIGNAL_IDS,
    ...customSignals.map((c) => signalColumnName(c.id)),
  ];
}

/**
 * The signals alone, one row per account active at the date, as 32-bit floats like the engine's
 * frame (NULL where the engine has no value): to inspect what the score is built on, or to check
 * the warehouse against the workbench signal by signal.
 */
export function portableSignalsSql(o: PortableSqlOptions): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.asOf)) throw new Error(`asOf must be YYYY-MM-DD, got ${o.asOf}`);
  return `${header(o)}WITH ${signalsSql(o)}
SELECT ${portableSignalColumns(o.customSignals).join(', ')} FROM sig32
ORDER BY account_id;
`;
}
