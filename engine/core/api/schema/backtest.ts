/** Backtest settings: how the score is judged against what happened (cadence, outcome, horizon, window). */
import { z } from 'zod';

/** The grace period when a design gives none; the engine's snapshots and the warehouse SQL both read it. */
export const DEFAULT_GRACE_DAYS = 30;

export const HorizonSchema = z.number().int().min(1).max(730);

export const HORIZONS = [30, 60, 90, 180, 365] as const;
export const CadenceSchema = z.enum(['monthly', 'weekly']);
export const OutcomeSourceSchema = z.enum(['churn', 'renewal']);
/** What a fit chose: the category weights (a suggestion), or a scorecard's bands, points, weights and tier cuts. */
export const FittedKindSchema = z.enum(['weights', 'scorecard']);

export const BacktestSettingsSchema = z.object({
  /** Snapshot every month-end or every week-end (Sunday). */
  cadence: CadenceSchema,
  /** Judge the model alone, or the model with the CSM overrides in force at each snapshot. */
  overrides: z.enum(['ignore', 'apply']).default('ignore'),
  /** Churn events, or renewal dates that passed without renewal. */
  outcome: OutcomeSourceSchema,
  horizonDays: HorizonSchema,
  /** Tier ids whose accounts are predicted to churn. */
  atRiskTiers: z.array(z.string()).min(1),
  /** When set, predict churn for scores below this instead of by tier. */
  atRiskBelow: z.number().int().min(1).max(100).nullable().optional(),
  /** Evaluate the snapshots of the last N months whose outcome is fully observed. */
  windowMonths: z.number().int().min(1).max(240),
  /** Accounts the CS team can work per month (capacity view). */
  capacityK: z.number().int().min(0).max(10_000_000),
  /** Recall the capacity view and cut-point suggestion aim for. */
  targetRecall: z.number().min(0).max(1),
  /** Groups with fewer churners than this are "too few to judge". */
  minChurners: z.number().int().min(1),
  /** Relative cost of a missed churner vs. a needless intervention, for the cost-minimising cut point. */
  costMissed: z.number().min(0),
  costNeedless: z.number().min(0),
  /**
   * With a subscriptions export: a subscription starting within this many days of the previous one's end
   * continues the same episode (a late renewal), a longer gap is churn at that end. Absent: DEFAULT_GRACE_DAYS.
   */
  graceDays: z.number().int().min(0).max(365).optional(),
  /**
   * Month-ends the configuration was fitted on (a weight suggestion, a fitted scorecard): evaluating on them
   * flatters the model. `fitted` says what was fitted; absent in settings saved before it existed.
   */
  fittedOn: z.object({ from: z.string(), to: z.string(), fitted: FittedKindSchema.optional() }).nullable().optional(),
});
export type BacktestSettings = z.infer<typeof BacktestSettingsSchema>;
