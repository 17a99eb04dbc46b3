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
  /** Present when a score history was imported: how the frame's currentScore column was read. */
  currentScore?: CurrentScoreMeta;
  /**
   * Set for a one-moment export (one row per customer, no history): its one snapshot is the export date,
   * the outcome is whether the account had churned by then, and measures and outcome come from the same
   * date (no point-in-time guarantee). Every snapshot of such a frame is observed.
   */
  crossSectional?: boolean;
}

/** The CS platform's own score, carried beside the workbench's signals (see SnapshotFrame.currentScore). */
export interface CurrentScoreMeta {
  /** A score dated more than this many days before the snapshot is unavailable there, not carried forward. */
  staleDays: number;
  /** 10 when every imported score was 10 or less (a 1–10 scale, read × 10), else 100. */
  scale: 10 | 100;
  /** Distinct imported statuses (Green, Fair, …) in the order currentStatus codes point into (code k → statuses[k-1]). */
  statuses: string[];
  /** Score-history rows read for the frame: every row whose account and date are known. */
  rows: number;
  /**
   * Set when every score carries this one date: a one-row-per-account extract, whose scores the workbench
   * cannot check were known on that date (no point-in-time guarantee).
   */
  oneDate?: string;
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
  /**
   * The imported score (0–100) in force at the as-of date: the account's latest score dated on or
   * before it and at most meta.currentScore.staleDays old, NaN otherwise. Absent without a score history.
   */
  currentScore?: Float32Array;
  /** The imported status of that same score row: 0 none, k the status meta.currentScore.statuses[k-1]. */
  currentStatus?: Uint8Array;
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
  // A one-moment export: churned by the export date (0 days) or not; nothing after it is awaited.
  if (frame.meta.crossSectional === true) return 0;
  return frame.observedDays[i]! >= horizonDays ? 0 : -1;
}
