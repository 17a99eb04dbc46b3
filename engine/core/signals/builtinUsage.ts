/**
 * The usage built-ins as definitions: which usage column each reads, over which windows, and when it is
 * unavailable or 0. The snapshot SQL (engine/node/snapshots/buildSnapshots.ts, every date at once, weekly
 * too) and the warehouse SQL (engine/core/export/portableSignals.ts, one month-end, DuckDB and PostgreSQL)
 * both render these with usageSignalSql, each naming its own aggregates through UsageRefs, so the two
 * cannot drift apart by hand.
 *
 * Windows are whole periods before the snapshot's (lag 0 is the snapshot's own period): a usage row
 * counts in the period holding the last day it covers.
 */
import type { Cadence } from '../snapshots/frame.js';
import type { SignalId } from './catalog.js';

/** The usage_events columns the built-ins read. */
export const USAGE_MEASURES = [
  'logins',
  'key_actions',
  'features_used',
  'session_minutes',
  'api_calls',
  'active_users',
  'trainings_completed',
  'community_actions',
] as const;
export type UsageMeasure = (typeof USAGE_MEASURES)[number];

export const USAGE_WINDOWS_READ = ['current', 'baseline', 'year_ago', 'growth'] as const;
/** current: "last 30 days"; baseline: "90 days" (ending with the current window); year_ago: the current window a year earlier; growth: what active users are compared with. */
export type UsageWindow = (typeof USAGE_WINDOWS_READ)[number];

/** Window lengths in periods of a cadence. */
export interface UsageWindowLengths {
  current: number;
  baseline: number;
  /** Periods in a year: the seasonal comparison looks this far back. */
  year: number;
  /** Lags (inclusive) of the periods active users are compared with. */
  growthFrom: number;
  growthTo: number;
}

export const USAGE_WINDOWS: Record<Cadence, UsageWindowLengths> = {
  monthly: { current: 1, baseline: 3, year: 12, growthFrom: 3, growthTo: 3 },
  weekly: { current: 4, baseline: 13, year: 52, growthFrom: 12, growthTo: 15 },
};

/** The lags (periods before the snapshot's, inclusive) a window covers. */
export function windowLags(c: UsageWindowLengths, window: UsageWindow): { from: number; to: number } {
  switch (window) {
    case 'current':
      return { from: 0, to: c.current - 1 };
    case 'baseline':
      return { from: 0, to: c.baseline - 1 };
    case 'year_ago':
      return { from: c.year, to: c.year + c.current - 1 };
    case 'growth':
      return { from: c.growthFrom, to: c.growthTo };
  }
}

/**
 * When a signal is unavailable (NULL; NaN in the frame):
 * - baseline_blank: no usage row in the baseline carries the measure (not exported, or left blank);
 * - current_blank: the current window has usage rows and every one leaves the measure blank;
 * - year_ago_empty / growth_empty: that window carries no value of the measure, or they add up to 0;
 * - no_seats: the licensed seats are unknown or not positive.
 */
export type UsageUnavailable = 'baseline_blank' | 'current_blank' | 'year_ago_empty' | 'growth_empty' | 'no_seats';

/**
 * When it is 0 rather than computed (checked after unavailability):
 * - current_zero: the current window's values add up to 0 or it has none (usage stopped);
 * - no_current_rows: the current window has no usage row.
 */
export type UsageZero = 'current_zero' | 'no_current_rows';

export type UsageValue =
  /** The current window's mean per usage row (0 without rows) over the reference window's mean per row. */
  | { kind: 'ratio'; reference: 'baseline' | 'year_ago' | 'growth' }
  /** The current window's mean per usage row (0 without rows) as a share of a fixed number or of the seats. */
  | { kind: 'share'; of: number | 'seats' }
  /** The window's values added up (0 when it has none). */
  | { kind: 'total'; window: 'baseline' | 'current' };

export interface UsageSignal {
  id: SignalId;
  measure: UsageMeasure;
  value: UsageValue;
  unavailableWhen: readonly UsageUnavailable[];
  zeroWhen: UsageZero | null;
}

/** The account's usage rows do not carry the measure: none in the baseline has it, or the current window's all leave it blank. */
const UNCOVERED: readonly UsageUnavailable[] = ['baseline_blank', 'current_blank'];

const trend = (id: SignalId, measure: UsageMeasure): UsageSignal => ({
  id,
  measure,
  value: { kind: 'ratio', reference: 'baseline' },
  unavailableWhen: UNCOVERED,
  zeroWhen: 'current_zero',
});

const yearOnYear = (id: SignalId, measure: UsageMeasure): UsageSignal => ({
  id,
  measure,
  value: { kind: 'ratio', reference: 'year_ago' },
  unavailableWhen: [...UNCOVERED, 'year_ago_empty'],
  zeroWhen: 'current_zero',
});

export const USAGE_SIGNALS: readonly UsageSignal[] = [
  trend('logins_trend', 'logins'),
  trend('session_trend', 'session_minutes'),
  trend('api_calls_trend', 'api_calls'),
  trend('key_actions_trend', 'key_actions'),
  {
    id: 'feature_breadth',
    measure: 'features_used',
    value: { kind: 'share', of: 20 },
    unavailableWhen: UNCOVERED,
    zeroWhen: 'no_current_rows',
  },
  // No rows in the current window is none active (0); rows that leave the count blank are unknown.
  {
    id: 'active_users_change',
    measure: 'active_users',
    value: { kind: 'ratio', reference: 'growth' },
    unavailableWhen: ['growth_empty', 'current_blank'],
    zeroWhen: null,
  },
  {
    id: 'seat_utilisation',
    measure: 'active_users',
    value: { kind: 'share', of: 'seats' },
    unavailableWhen: [...UNCOVERED, 'no_seats'],
    zeroWhen: null,
  },
  yearOnYear('logins_yoy', 'logins'),
  yearOnYear('session_yoy', 'session_minutes'),
  yearOnYear('key_actions_yoy', 'key_actions'),
  yearOnYear('api_calls_yoy', 'api_calls'),
  // Training and community counts: unavailable unless the account's usage rows in the baseline carry them.
  {
    id: 'training_completions',
    measure: 'trainings_completed',
    value: { kind: 'total', window: 'baseline' },
    unavailableWhen: ['baseline_blank'],
    zeroWhen: null,
  },
  {
    id: 'community_actions',
    measure: 'community_actions',
    value: { kind: 'total', window: 'current' },
    unavailableWhen: ['baseline_blank'],
    zeroWhen: null,
  },
];

/** How a query names what a usage signal reads: its aggregates per (window, measure), and a few facts per snapshot. */
export interface UsageRefs {
  /** The window's sum of the measure's values (NULL or 0 when it has none). */
  sum(window: UsageWindow, measure: UsageMeasure): string;
  /** How many of the window's usage rows carry the measure (NULL or 0 when none). */
  count(window: UsageWindow, measure: UsageMeasure): string;
  /** TRUE when the account has no usage row in the current window (never NULL). */
  noCurrentRows: string;
  /** The account's licensed seats at the snapshot. */
  seats: string;
  /** a / b, NULL when b is 0 or NULL. */
  div(a: string, b: string): string;
}

const empty = (r: UsageRefs, w: UsageWindow, m: UsageMeasure) =>
  `(COALESCE(${r.count(w, m)}, 0) = 0 OR ${r.sum(w, m)} = 0)`;

function unavailableSql(c: UsageUnavailable, m: UsageMeasure, r: UsageRefs): string {
  switch (c) {
    case 'baseline_blank':
      return `COALESCE(${r.count('baseline', m)}, 0) = 0`;
    case 'current_blank':
      return `(NOT (${r.noCurrentRows}) AND ${r.count('current', m)} = 0)`;
    case 'year_ago_empty':
      return empty(r, 'year_ago', m);
    case 'growth_empty':
      return empty(r, 'growth', m);
    case 'no_seats':
      return `COALESCE(${r.seats}, 0) <= 0`;
  }
}

function zeroSql(z: UsageZero, m: UsageMeasure, r: UsageRefs): string {
  return z === 'current_zero' ? `COALESCE(${r.sum('current', m)}, 0) = 0` : r.noCurrentRows;
}

function valueSql(v: UsageValue, m: UsageMeasure, r: UsageRefs): string {
  const mean = (w: UsageWindow) => r.div(r.sum(w, m), r.count(w, m));
  const current = () => `COALESCE(${mean('current')}, 0)`;
  switch (v.kind) {
    case 'ratio':
      return r.div(current(), mean(v.reference));
    case 'share':
      return r.div(current(), v.of === 'seats' ? r.seats : v.of.toFixed(1));
    case 'total':
      return `COALESCE(${r.sum(v.window, m)}, 0)`;
  }
}

/** The signal as one SQL expression: NULL when unavailable, then 0 when its zero rule holds, else its value. */
export function usageSignalSql(s: UsageSignal, r: UsageRefs): string {
  const zero = s.zeroWhen === null ? '' : ` WHEN ${zeroSql(s.zeroWhen, s.measure, r)} THEN 0`;
  return `CASE WHEN ${s.unavailableWhen.map((c) => unavailableSql(c, s.measure, r)).join(' OR ')} THEN NULL${zero}
       ELSE ${valueSql(s.value, s.measure, r)} END`;
}

export interface UsageAggregate {
  window: UsageWindow;
  measure: UsageMeasure;
  of: 'sum' | 'count';
}

/**
 * Every aggregate the signals read, in window then measure order: what a query must compute. Found by
 * rendering the signals with refs that note what is asked, so the list cannot miss one a rule reads.
 */
export function usageAggregates(signals: readonly UsageSignal[] = USAGE_SIGNALS): UsageAggregate[] {
  const seen = new Set<string>();
  const note = (of: UsageAggregate['of']) => (window: UsageWindow, measure: UsageMeasure) => {
    seen.add(`${window}:${measure}:${of}`);
    return 'x';
  };
  const refs: UsageRefs = {
    sum: note('sum'),
    count: note('count'),
    noCurrentRows: 'x',
    seats: 'x',
    div: (a, b) => a + b,
  };
  for (const s of signals) usageSignalSql(s, refs);
  return USAGE_WINDOWS_READ.flatMap((window) =>
    USAGE_MEASURES.flatMap((measure) =>
      (['sum', 'count'] as const)
        .filter((of) => seen.has(`${window}:${measure}:${of}`))
        .map((of) => ({ window, measure, of })),
    ),
  );
}

/** The windows the signals read anything from. */
export function usageWindowsRead(signals: readonly UsageSignal[] = USAGE_SIGNALS): UsageWindow[] {
  const read = new Set(usageAggregates(signals).map((a) => a.window));
  return USAGE_WINDOWS_READ.filter((w) => read.has(w));
}
