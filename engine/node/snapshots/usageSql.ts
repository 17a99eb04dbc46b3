/**
 * The snapshot SQL's usage part, from the built-in definitions (engine/core/signals/builtinUsage.ts):
 * usage summed once per account and period (usage_buckets), one aggregate per window over those buckets,
 * and the usage signals' columns over them.
 */
import {
  USAGE_SIGNALS,
  usageAggregates,
  usageSignalSql,
  usageWindowsRead,
  windowLags,
  type UsageMeasure,
  type UsageRefs,
  type UsageWindow,
  type UsageWindowLengths,
} from '../../core/signals/builtinUsage.js';

const ALIAS: Record<UsageWindow, string> = { current: 'uc', baseline: 'ub', year_ago: 'uy', growth: 'ug' };
const count = (m: UsageMeasure) => `${m}_n`;

/** What the buckets must hold: each measure's sum and count where some window reads them. */
function bucketColumns(): string[] {
  const aggs = usageAggregates();
  return [...new Set(aggs.map((a) => (a.of === 'sum' ? a.measure : count(a.measure))))];
}

/**
 * Usage per account and period, summed once for all batches: scanning ten
 * million event rows per batch cost more than the rest of each batch. A usage
 * row covers [date, date + interval - 1] and is known once that period has
 * ended, so it lands in the period holding its last day. Counts are DOUBLE:
 * exact at these sizes, and summing them per window is several times faster
 * than the HUGEINT sums of BIGINT counts.
 */
export function usageBucketsSql(periodIndex: (x: string) => string, usageIntervalDays: number): string {
  const interval = Math.max(1, Math.trunc(usageIntervalDays));
  const columns = bucketColumns().map((c) =>
    c.endsWith('_n') ? `count(${c.slice(0, -2)})::DOUBLE AS ${c}` : `sum(${c}) AS ${c}`,
  );
  return `CREATE OR REPLACE TEMP TABLE usage_buckets AS
  SELECT account_id, ${periodIndex('pe')} AS mi, ${columns.join(', ')}
  FROM (SELECT *, date + ${interval - 1} AS pe FROM usage_events WHERE account_id IS NOT NULL)
  GROUP BY ALL`;
}

/**
 * Usage windows ending at each period, one plain aggregate per window over the buckets in usage_m (a single
 * aggregate with a FILTER per window and measure took half of each batch). The year-ago window is the
 * buckets shifted forward by a year and joined on equality: a range join per snapshot does not fit in
 * memory at ten million events.
 */
export function usageWindowCtes(c: UsageWindowLengths): string {
  const aggs = usageAggregates();
  return usageWindowsRead()
    .map((w) => {
      const { from, to } = windowLags(c, w);
      const columns = aggs
        .filter((a) => a.window === w)
        .map((a) => (a.of === 'sum' ? a.measure : count(a.measure)))
        .map((col) => `sum(${col}) AS ${col}`);
      return `usage_${w} AS (
  SELECT account_id, mi + k AS mi, ${columns.join(', ')}
  FROM usage_m, range(${from}, ${to + 1}) r(k)
  GROUP BY ALL
)`;
    })
    .join(',\n');
}

/** The window aggregates joined to the snapshots s (by account and period index mi). */
export function usageJoins(): string {
  return usageWindowsRead()
    .map((w) => `LEFT JOIN usage_${w} ${ALIAS[w]} ON ${ALIAS[w]}.account_id = s.account_id AND ${ALIAS[w]}.mi = s.mi`)
    .join('\n');
}

/** The usage signals' select-list entries, given the SQL of the account's seats at the snapshot. */
export function usageSignalColumns(seats: string): string {
  const refs: UsageRefs = {
    sum: (w, m) => `${ALIAS[w]}.${m}`,
    count: (w, m) => `${ALIAS[w]}.${count(m)}`,
    // Every usage row lands in a bucket, so a snapshot without a current-window aggregate had none.
    noCurrentRows: `${ALIAS.current}.account_id IS NULL`,
    seats,
    // DuckDB divides by zero as NULL.
    div: (a, b) => `(${a}) / (${b})`,
  };
  return USAGE_SIGNALS.map((s) => `${usageSignalSql(s, refs)} AS ${s.id}`).join(',\n  ');
}
