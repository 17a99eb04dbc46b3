/**
 * The warehouse SQL's usage part, from the built-in definitions (core/signals/builtinUsage.ts), at
 * monthly cadence for the one as-of date in params2: each usage row's lag k (months before the as-of
 * month of the month holding its last day), one aggregate per (window, measure) as a FILTER over k,
 * and the usage signals' columns over them.
 */
import {
  USAGE_SIGNALS,
  USAGE_WINDOWS,
  usageAggregates,
  usageSignalSql,
  windowLags,
  type UsageAggregate,
  type UsageRefs,
} from '../signals/builtinUsage.js';

/** An aggregate's column in usage_w. A declaration, not a module-level arrow: Stryker can switch its mutants per test. */
function column(a: Omit<UsageAggregate, 'of'>, of: UsageAggregate['of']): string {
  return `${a.measure}_${a.window}${of === 'count' ? '_n' : ''}`;
}

/** The steps usage_k and usage_w (one row per account with usage in any window), given the SQL month index mi. */
export function usageCtes(mi: (x: string) => string, usageIntervalDays: number): string {
  const interval = Math.max(1, Math.trunc(usageIntervalDays));
  const aggs = usageAggregates();
  const measures = [...new Set(aggs.map((a) => a.measure))];
  const range = (a: UsageAggregate) => {
    const { from, to } = windowLags(USAGE_WINDOWS.monthly, a.window);
    return from === to ? `k = ${from}` : `k BETWEEN ${from} AND ${to}`;
  };
  const current = windowLags(USAGE_WINDOWS.monthly, 'current');
  const reach = Math.max(...aggs.map((a) => windowLags(USAGE_WINDOWS.monthly, a.window).to));
  return `usage_k AS (
  SELECT u.account_id, p.m - ${mi(`(u.date + ${interval - 1})`)} AS k, ${measures.map((m) => `u.${m}`).join(', ')}
  FROM usage_events u CROSS JOIN params2 p
),
usage_w AS (
  SELECT account_id, COUNT(*) FILTER (WHERE k BETWEEN ${current.from} AND ${current.to}) AS n0,
    ${aggs.map((a) => `${a.of === 'sum' ? 'SUM' : 'COUNT'}(${a.measure}) FILTER (WHERE ${range(a)}) AS ${column(a, a.of)}`).join(',\n    ')}
  FROM usage_k WHERE k BETWEEN 0 AND ${reach}
  GROUP BY account_id
)`;
}

/** The usage signals' select-list entries over usage_w u, given the seats' SQL and the NULL-safe division. */
export function usageColumns(seats: string, div: (a: string, b: string) => string): string {
  const refs: UsageRefs = {
    sum: (window, measure) => `u.${column({ window, measure }, 'sum')}`,
    count: (window, measure) => `u.${column({ window, measure }, 'count')}`,
    // No row in usage_w: no usage in any window, so none in the current one either.
    noCurrentRows: 'COALESCE(u.n0, 0) = 0',
    seats,
    div,
  };
  return USAGE_SIGNALS.map((s) => `${usageSignalSql(s, refs)} AS ${s.id}`).join(',\n    ');
}
