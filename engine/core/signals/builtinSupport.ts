/**
 * The support built-ins as definitions: which ticket counts or columns each reads, over which windows,
 * and which sources or optional columns it is unavailable without. The snapshot SQL
 * (engine/node/snapshots/supportSql.ts, every date at once, weekly too) and the warehouse SQL
 * (engine/core/export/portableSupport.ts, one month-end, DuckDB and PostgreSQL) both render these, each
 * naming its own aggregates through SupportRefs, as the usage built-ins are (builtinUsage.ts).
 *
 * Ticket windows are whole periods before the snapshot's (lag 0 is its own period), by the period a
 * ticket was opened in; CSAT and sentiment read ticket dates directly.
 */
import type { Cadence } from '../snapshots/frame.js';
import type { SignalId } from './catalog.js';
import { USAGE_WINDOWS } from './builtinUsage.js';

export interface TicketWindowLengths {
  /** "The current window": the usage current window. */
  current: number;
  /** Periods before the current window whose tickets form the volume baseline, and how many months they span. */
  volumeBaseline: number;
  volumeBaselineMonths: number;
  /** "The last 90 days": the usage baseline. */
  recent: number;
}

export const TICKET_WINDOWS: Record<Cadence, TicketWindowLengths> = {
  monthly: {
    current: USAGE_WINDOWS.monthly.current,
    volumeBaseline: 3,
    volumeBaselineMonths: 3,
    recent: USAGE_WINDOWS.monthly.baseline,
  },
  weekly: {
    current: USAGE_WINDOWS.weekly.current,
    volumeBaseline: 12,
    volumeBaselineMonths: 3,
    recent: USAGE_WINDOWS.weekly.baseline,
  },
};

export type TicketWindow = 'current' | 'volume_baseline' | 'recent';

/** The lags (periods before the snapshot's, inclusive) a ticket window covers. */
export function ticketWindowLags(c: TicketWindowLengths, w: TicketWindow): { from: number; to: number } {
  switch (w) {
    case 'current':
      return { from: 0, to: c.current - 1 };
    case 'volume_baseline':
      return { from: c.current, to: c.current + c.volumeBaseline - 1 };
    case 'recent':
      return { from: 0, to: c.recent - 1 };
  }
}

/** Tickets opened by the as-of date that a query counts per account: opened (or escalated) in a window, or not closed by the date. */
export type TicketCount = { of: 'opened' | 'escalated'; window: TicketWindow } | { of: 'open' };

/** The sources and optional columns a support signal needs: without one it is unavailable, not 0. */
export type TicketsCarry = 'tickets' | 'escalated' | 'closed_at' | 'sentiment';

export type SupportValue =
  /** (the current count + 1) / (the baseline's count per month + 1): a quiet account's first ticket is no spike. */
  | { kind: 'volume_ratio'; current: TicketCount; baseline: TicketCount }
  /** A count of the account's tickets (0 when it has none). */
  | { kind: 'count'; count: TicketCount }
  /** The mean of a rating over the last `last` tickets closed by the as-of date that carry it, in closing order (ties by id); NULL when none. */
  | { kind: 'last_rated_mean'; column: 'csat'; last: number }
  /** The mean of a rating over tickets opened in the `months` calendar months up to the as-of date, minus that of the `months` before; NULL when either has none. */
  | { kind: 'mean_change'; column: 'sentiment'; months: number };

export interface SupportSignal {
  id: SignalId;
  value: SupportValue;
  unavailableWithout: readonly TicketsCarry[];
}

const opened = (window: TicketWindow): TicketCount => ({ of: 'opened', window });

export const SUPPORT_SIGNALS: readonly SupportSignal[] = [
  {
    id: 'ticket_volume_ratio',
    value: { kind: 'volume_ratio', current: opened('current'), baseline: opened('volume_baseline') },
    unavailableWithout: ['tickets'],
  },
  {
    id: 'csat_last5',
    value: { kind: 'last_rated_mean', column: 'csat', last: 5 },
    unavailableWithout: ['tickets'],
  },
  {
    id: 'escalations_3m',
    value: { kind: 'count', count: { of: 'escalated', window: 'recent' } },
    unavailableWithout: ['tickets', 'escalated'],
  },
  // Without closing dates every ticket would read as open forever.
  { id: 'open_tickets', value: { kind: 'count', count: { of: 'open' } }, unavailableWithout: ['tickets', 'closed_at'] },
  // A sentiment column implies tickets.
  {
    id: 'sentiment_trend',
    value: { kind: 'mean_change', column: 'sentiment', months: 3 },
    unavailableWithout: ['sentiment'],
  },
];

/** The one definition of a value kind (CSAT, sentiment): the queries' steps for it read its parameters. */
export function supportValue<K extends SupportValue['kind']>(kind: K): Extract<SupportValue, { kind: K }> {
  const v = SUPPORT_SIGNALS.map((s) => s.value).find((x): x is Extract<SupportValue, { kind: K }> => x.kind === kind);
  if (!v) throw new Error(`no support signal of kind ${kind}`);
  return v;
}

/** A count's column name in a query's per-account ticket aggregate. */
export const ticketCountName = (c: TicketCount): string => (c.of === 'open' ? 'open_now' : `${c.of}_${c.window}`);

/** Every ticket count the signals read, once each: what a query's ticket aggregate must compute. */
export function ticketCounts(signals: readonly SupportSignal[] = SUPPORT_SIGNALS): TicketCount[] {
  const all = signals.flatMap((s) =>
    s.value.kind === 'volume_ratio'
      ? [s.value.current, s.value.baseline]
      : s.value.kind === 'count'
        ? [s.value.count]
        : [],
  );
  return [...new Map(all.map((c) => [ticketCountName(c), c])).values()];
}

/** How a query names a ticket row's parts, for the counts' filters. */
export interface TicketRowRefs {
  /** Periods from the one the ticket was opened in to the snapshot's (≥ 0: only tickets opened by the date are read). */
  lag: string;
  escalated: string;
  closedAt: string;
  asOf: string;
}

/** The condition a ticket row meets to be in the count. */
export function ticketCountFilter(c: TicketCount, w: TicketWindowLengths, r: TicketRowRefs): string {
  if (c.of === 'open') return `(${r.closedAt} IS NULL OR ${r.closedAt} >= ${r.asOf} + 1)`;
  const { from, to } = ticketWindowLags(w, c.window);
  const within = `${r.lag} BETWEEN ${from} AND ${to}`;
  return c.of === 'escalated' ? `(${r.escalated} AND ${within})` : within;
}

/** How a query names what a support signal reads. */
export interface SupportRefs {
  /** TRUE when the export carries the source or column (a literal, or a query's flag). */
  carries(what: TicketsCarry): string;
  /** The account's count at the snapshot (NULL when it has no ticket). */
  count(c: TicketCount): string;
  /** The mean over the last rated tickets (NULL when none). */
  lastRatedMean: string;
  /** The mean rating of the tickets opened in the recent months and in the months before (NULL when none). */
  meanNow: string;
  meanBefore: string;
}

const double = (x: string) => `CAST(${x} AS DOUBLE PRECISION)`;

function valueSql(v: SupportValue, w: TicketWindowLengths, r: SupportRefs): string {
  switch (v.kind) {
    case 'volume_ratio':
      return `(${double(`COALESCE(${r.count(v.current)}, 0)`)} + 1) / (${double(`COALESCE(${r.count(v.baseline)}, 0)`)} / ${w.volumeBaselineMonths.toFixed(1)} + 1)`;
    case 'count':
      return `COALESCE(${r.count(v.count)}, 0)`;
    case 'last_rated_mean':
      return r.lastRatedMean;
    case 'mean_change':
      return `${r.meanNow} - ${r.meanBefore}`;
  }
}

/** The signal as one SQL expression: NULL without a source or column it needs, else its value. */
export function supportSignalSql(s: SupportSignal, w: TicketWindowLengths, r: SupportRefs): string {
  const carried = s.unavailableWithout.map((c) => r.carries(c)).join(' AND ');
  return `CASE WHEN NOT (${carried}) THEN NULL ELSE ${valueSql(s.value, w, r)} END`;
}
