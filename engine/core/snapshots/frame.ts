/**
 * Point-in-time snapshots in columnar form: one row per (account, month-end).
 * This is what crosses to the renderer once; every slider move recomputes
 * from these arrays without going back to DuckDB.
 */
import type { AnySignalId, CustomSignalId, SignalId } from '../signals/catalog.js';

export type Cadence = 'monthly' | 'weekly';

export interface FrameMeta {
  cadence: Cadence;
  /** Snapshot dates (month-ends, or week-ending Sundays), YYYY-MM-DD, ascending. */
  periods: string[];
  segments: string[];
  plans: string[];
  regions: string[];
  accountIds: string[];
  accountNames: string[];
  /** Last date any source has data for: outcomes are known up to it. */
  observedThrough: string;
  /** Last date each source has data for (null for an empty source): a source ending well before a snapshot makes its signals stale. */
  sourceLastDates: Record<string, string | null>;
  /** The signal columns: every built-in, then the custom signals the frame was built with. */
  signals: AnySignalId[];
  /** Days each usage row covers (the most common gap between an account's rows): 1 for daily rows, 7 for weekly. */
  usageIntervalDays: number;
  /** CSM overrides, in the order snapshots' overrideIdx points into. */
  overrides: OverrideRecord[];
}

/** A CSM's manual tier or score for an account, with why, who and until when. */
export interface OverrideRecord {
  accountId: string;
  createdAt: string;
  tier: string | null;
  score: number | null;
  reason: string;
  author: string | null;
  expiresAt: string | null;
}

/** Every built-in signal's column, and those custom signals the frame was built with (absent otherwise). */
export type SignalValues = Record<SignalId, Float32Array> & { [id: CustomSignalId]: Float32Array | undefined };

export interface SnapshotFrame {
  meta: FrameMeta;
  n: number;
  account: Int32Array;
  /** Index into meta.periods. */
  period: Uint16Array;
  segment: Uint8Array;
  plan: Uint8Array;
  region: Uint8Array;
  /** 1 when the account signed up fewer than 60 days before the as-of date. */
  onboarding: Uint8Array;
  /** Days from signup to the as-of date (AGE_UNKNOWN without a signup date): what lifecycle rules test. */
  ageDays: Uint16Array;
  arr: Float32Array;
  /** Days from as-of to churn (NaN when the account has not churned). */
  daysToChurn: Float32Array;
  /** Days from as-of to the first renewal date that passed without renewal (NaN if none, or no renewals export). */
  daysToLapse: Float32Array;
  /** Days from as-of to observedThrough: a horizon longer than this is censored. */
  observedDays: Float32Array;
  /** Raw signal values, NaN where unavailable. */
  values: SignalValues;
  /**
   * The override in force at the as-of date (index into meta.overrides), -1 for none:
   * the latest one set on or before the date and not expired by it, so a backtest
   * never sees an override written after the scoring date.
   */
  overrideIdx: Int32Array;
}

/** Accounts younger than this at the as-of date are onboarding (the lifecycle breakdown and the onboarding template). */
export const ONBOARDING_DAYS = 60;

/** ageDays of an account without a known signup date: never "younger than" anything. */
export const AGE_UNKNOWN = 0xffff;

export type OutcomeSource = 'churn' | 'renewal';

/**
 * Outcome for a horizon: 1 churned within it, 0 stayed, -1 censored (horizon
 * not yet observed). From churn events, or from renewals: a renewal date
 * that passed without renewal counts as churn on that date.
 */
export function outcomeAt(
  frame: SnapshotFrame,
  i: number,
  horizonDays: number,
  source: OutcomeSource = 'churn',
): -1 | 0 | 1 {
  const d = source === 'renewal' ? frame.daysToLapse[i]! : frame.daysToChurn[i]!;
  if (d <= horizonDays) return 1; // NaN compares false
  return frame.observedDays[i]! >= horizonDays ? 0 : -1;
}
