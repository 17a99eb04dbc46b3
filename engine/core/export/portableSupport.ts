/**
 * The warehouse SQL's support part, from the built-in definitions (core/signals/builtinSupport.ts), at
 * monthly cadence for the one as-of date: each ticket's lag k (months from the month it was opened in to
 * the as-of month), one count per account as a FILTER over k, the last rated tickets' CSAT and the
 * sentiment now and before, and the support signals' columns over them.
 */
import {
  SUPPORT_SIGNALS,
  TICKET_WINDOWS,
  supportSignalSql,
  supportValue,
  ticketCountFilter,
  ticketCountName,
  ticketCounts,
  type SupportRefs,
  type TicketsCarry,
} from '../signals/builtinSupport.js';

/**
 * The column of the "has" step (the export carries the source or column) a presence flag reads. A
 * function, not a module constant, so that mutation testing can switch what it returns per test.
 */
function hasColumn(what: TicketsCarry): string {
  const columns: Record<TicketsCarry, string> = {
    tickets: 'h.tickets',
    escalated: 'h.escalated',
    closed_at: 'h.closed_at',
    sentiment: 'h.sentiment',
  };
  return columns[what];
}

/** The steps tick_rows, tick, csat_ranked, csat5 and senti over snap (account_id, as_of, m), given the SQL month index mi. */
export function supportCtes(mi: (x: string) => string): string {
  const counts = ticketCounts().map(
    (c) =>
      `COUNT(*) FILTER (WHERE ${ticketCountFilter(c, TICKET_WINDOWS.monthly, { lag: 'k', escalated: 'escalated', closedAt: 'closed_at', asOf: 'as_of' })}) AS ${ticketCountName(c)}`,
  );
  const { last } = supportValue('last_rated_mean');
  const { months } = supportValue('mean_change');
  const back = (n: number) => `s.as_of + 1 - INTERVAL '${n} months'`;
  return `tick_rows AS (
  SELECT s.account_id, s.as_of, s.m - ${mi('t.opened_at')} AS k, t.opened_at, t.closed_at, t.escalated, t.csat, t.ticket_id
  FROM snap s JOIN tickets t ON t.account_id = s.account_id AND t.opened_at < s.as_of + 1
),
tick AS (
  SELECT account_id,
    ${counts.join(',\n    ')}
  FROM tick_rows GROUP BY account_id
),
csat_ranked AS (
  SELECT account_id, csat, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY closed_at DESC, ticket_id DESC NULLS LAST) AS r
  FROM tick_rows WHERE csat IS NOT NULL AND closed_at < as_of + 1
),
csat5 AS (
  SELECT account_id, AVG(csat) AS csat_last5 FROM csat_ranked WHERE r <= ${last} GROUP BY account_id
),
senti AS (
  SELECT s.account_id,
    AVG(t.sentiment) FILTER (WHERE t.opened_at >= ${back(months)}) AS now,
    AVG(t.sentiment) FILTER (WHERE t.opened_at < ${back(months)}) AS before
  FROM snap s JOIN tickets t ON t.account_id = s.account_id AND t.sentiment IS NOT NULL
    AND t.opened_at < s.as_of + 1 AND t.opened_at >= ${back(2 * months)}
  GROUP BY s.account_id
)`;
}

/** The support steps joined to snap s. */
export function supportJoins(): string {
  return `LEFT JOIN tick t ON t.account_id = s.account_id
  LEFT JOIN csat5 c5 ON c5.account_id = s.account_id
  LEFT JOIN senti se ON se.account_id = s.account_id`;
}

/** The support signals' select-list entries, over the steps above and the presence flags h. */
export function supportColumns(): string {
  const refs: SupportRefs = {
    carries: hasColumn,
    count: (c) => `t.${ticketCountName(c)}`,
    lastRatedMean: 'c5.csat_last5',
    meanNow: 'se.now',
    meanBefore: 'se.before',
  };
  return SUPPORT_SIGNALS.map((s) => `${supportSignalSql(s, TICKET_WINDOWS.monthly, refs)} AS ${s.id}`).join(',\n    ');
}
