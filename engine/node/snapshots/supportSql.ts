/**
 * The snapshot SQL's support part, from the built-in definitions (engine/core/signals/builtinSupport.ts):
 * per (account, period) ticket counts (tick), the mean CSAT of the last rated tickets (csat5) and the
 * sentiment now and before (senti), and the support signals' columns over them.
 */
import {
  SUPPORT_SIGNALS,
  supportSignalSql,
  supportValue,
  ticketCountFilter,
  ticketCountName,
  ticketCounts,
  type SupportRefs,
  type TicketWindowLengths,
  type TicketsCarry,
} from '../../core/signals/builtinSupport.js';

/** Which of the tickets' source and optional columns the export carries (decided once, over the whole export). */
export type TicketsPresent = Record<TicketsCarry, boolean>;

/**
 * The support CTEs over the snapshots snap (aidx, midx, account_id, as_of, mi), given the period index of a
 * date expression, the batch's rows of a table, and the snapshot's column holding the day after the as-of
 * date less some months (each of sentimentMonths()).
 */
export function supportCtes(
  w: TicketWindowLengths,
  index: (x: string) => string,
  rows: (table: string) => string,
  fromMonthsBack: (months: number) => string,
): string {
  const lag = `(s.mi - ${index('t.opened_at')})`;
  const counts = ticketCounts().map(
    (c) =>
      `count(*) FILTER (${ticketCountFilter(c, w, { lag, escalated: 't.escalated', closedAt: 't.closed_at', asOf: 's.as_of' })}) AS ${ticketCountName(c)}`,
  );
  const { last } = supportValue('last_rated_mean');
  const { months } = supportValue('mean_change');
  return `tick AS (
  SELECT s.aidx, s.midx,
    ${counts.join(',\n    ')}
  FROM snap s JOIN ${rows('tickets')} t ON t.account_id = s.account_id AND t.opened_at < s.as_of + 1
  GROUP BY ALL
),
-- The last rated tickets closed by the as-of date, in closing order (ties by id): each
-- account's rated tickets are numbered once, a snapshot finds its latest number, and the
-- ones up to it are averaged. (A per-snapshot ordered list held every row in memory.)
rated AS (
  SELECT account_id, closed_at, opened_at, csat, row_number() OVER (PARTITION BY account_id ORDER BY closed_at, ticket_id NULLS FIRST) AS r
  FROM ${rows('tickets')} WHERE csat IS NOT NULL AND closed_at IS NOT NULL
),
rated_upto AS (
  SELECT s.aidx, s.midx, s.account_id, max(rt.r) AS r
  FROM snap s JOIN rated rt ON rt.account_id = s.account_id AND rt.closed_at < s.as_of + 1 AND rt.opened_at < s.as_of + 1
  GROUP BY ALL
),
csat5 AS (
  SELECT u.aidx, u.midx, avg(rt.csat) AS csat_last5
  FROM rated_upto u JOIN rated rt ON rt.account_id = u.account_id AND rt.r BETWEEN u.r - ${last - 1} AND u.r
  GROUP BY ALL
),
-- Ticket sentiment (-1 negative … 1 positive): the recent months against as many before.
senti AS (
  SELECT s.aidx, s.midx,
    avg(t.sentiment) FILTER (t.opened_at >= ${fromMonthsBack(months)}) AS now,
    avg(t.sentiment) FILTER (t.opened_at < ${fromMonthsBack(months)}) AS before
  FROM snap s JOIN ${rows('tickets')} t ON t.account_id = s.account_id AND t.sentiment IS NOT NULL
    AND t.opened_at < s.as_of + 1 AND t.opened_at >= ${fromMonthsBack(2 * months)}
  GROUP BY ALL
)`;
}

/** The month counts supportCtes asks fromMonthsBack for: the sentiment's recent months and the span it compares. */
export function sentimentMonths(): number[] {
  const { months } = supportValue('mean_change');
  return [months, 2 * months];
}

/** The support CTEs joined to the snapshots s. */
export function supportJoins(): string {
  return [
    ['tick', 't'],
    ['csat5', 'c5'],
    ['senti', 'se'],
  ]
    .map(([step, alias]) => `LEFT JOIN ${step} ${alias} ON ${alias}.aidx = s.aidx AND ${alias}.midx = s.midx`)
    .join('\n');
}

/** The support signals' select-list entries. */
export function supportSignalColumns(w: TicketWindowLengths, has: TicketsPresent): string {
  const refs: SupportRefs = {
    carries: (what) => (has[what] ? 'TRUE' : 'FALSE'),
    count: (c) => `t.${ticketCountName(c)}`,
    lastRatedMean: 'c5.csat_last5',
    meanNow: 'se.now',
    meanBefore: 'se.before',
  };
  return SUPPORT_SIGNALS.map((s) => `${supportSignalSql(s, w, refs)} AS ${s.id}`).join(',\n  ');
}
