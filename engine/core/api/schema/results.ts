/** What an evaluation answers (portfolio, backtest, intervals), and the weight suggestion and scenario comparison built on it. */
import { z } from 'zod';
import { CadenceSchema, OutcomeSourceSchema } from './backtest.js';
import { FileIdSchema, FileMappingSchema, ReadOptionsSchema } from '../importSchema.js';
import { ModelConfigSchema } from './model.js';
import { EvidenceSchema } from './verdict.js';

const Nullable = z.number().nullable();

export const ConfusionSchema = z.object({
  tp: z.number().int(),
  fp: z.number().int(),
  fn: z.number().int(),
  tn: z.number().int(),
});
export type Confusion = z.infer<typeof ConfusionSchema>;

export const ClassificationMetricsSchema = z.object({
  confusion: ConfusionSchema,
  n: z.number().int(),
  positives: z.number().int(),
  baseRate: Nullable,
  precision: Nullable,
  recall: Nullable,
  f1: Nullable,
  specificity: Nullable,
  accuracy: Nullable,
  /** Churn rate of the at-risk set over the base rate. */
  lift: Nullable,
});
export type ClassificationMetrics = z.infer<typeof ClassificationMetricsSchema>;

export const TierStatSchema = z.object({
  tierId: z.string(),
  count: z.number().int(),
  churned: z.number().int(),
  churnRate: Nullable,
});
export type TierStat = z.infer<typeof TierStatSchema>;

export const GroupStatSchema = z.object({
  group: z.string(),
  metrics: ClassificationMetricsSchema,
  tiers: z.array(TierStatSchema),
  /** Fewer churners than the minimum: metrics shown but not to be judged. */
  tooFewToJudge: z.boolean(),
});
export type GroupStat = z.infer<typeof GroupStatSchema>;

export const DIMENSIONS = ['segment', 'plan', 'region', 'lifecycle'] as const;
export const DimensionSchema = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof DimensionSchema>;

export const CurvePointSchema = z.object({ x: z.number(), y: z.number(), threshold: z.number().nullable() });

export const DecileRowSchema = z.object({
  decile: z.number().int(),
  count: z.number().int(),
  churned: z.number().int(),
  churnRate: Nullable,
  minScore: Nullable,
  maxScore: Nullable,
  cumulativeGain: Nullable,
  cumulativeShare: z.number(),
});

export const CutSuggestionSchema = z.object({
  goal: z.enum(['max-f1', 'target-recall', 'min-cost']),
  /** At risk when score < threshold; null when no threshold meets the goal. */
  threshold: z.number().int().nullable(),
  metrics: ClassificationMetricsSchema.nullable(),
  cost: Nullable,
  /** Share of the evaluated snapshots the cut flags. */
  flaggedShare: Nullable.optional(),
  /** Why no cut is suggested for this goal (e.g. every candidate flags nearly everyone at the base rate). */
  note: z.string().nullable().optional(),
});
export type CutSuggestion = z.infer<typeof CutSuggestionSchema>;

export const AlertStatSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** Require the next period to stay low before the alert fires. */
  confirmed: z.boolean(),
  alerts: z.number().int(),
  followedByChurn: z.number().int(),
  precision: Nullable,
});
export type AlertStat = z.infer<typeof AlertStatSchema>;

export const IntervalSchema = z.tuple([z.number(), z.number()]).nullable();
export const IntervalsSchema = z.object({
  replicates: z.number().int(),
  precision: IntervalSchema,
  recall: IntervalSchema,
  f1: IntervalSchema,
  auc: IntervalSchema,
  /* The rest are absent from results made before they existed. */
  averagePrecision: IntervalSchema.optional(),
  lift: IntervalSchema.optional(),
  /** Share of churned ARR the at-risk set caught; null without ARR. */
  arrCaptured: IntervalSchema.optional(),
  topDecileLift: IntervalSchema.optional(),
  /** Churn rate of each tier (healthiest first, as backtest.tiers). */
  tiers: z.array(z.object({ tierId: z.string(), churnRate: IntervalSchema })).optional(),
  /** Precision, recall and F1 per group; null for a group with fewer churners than the minimum to judge. */
  breakdowns: z
    .array(
      z.object({
        dimension: DimensionSchema,
        groups: z.array(
          z.object({ group: z.string(), precision: IntervalSchema, recall: IntervalSchema, f1: IntervalSchema }),
        ),
      }),
    )
    .optional(),
});
export type Intervals = z.infer<typeof IntervalsSchema>;

export const WarningSchema = z.object({
  kind: z.enum(['stale-source', 'fitted-on-window', 'small-sample', 'override-rate', 'same-date-outcome']),
  message: z.string(),
});
export type BacktestWarning = z.infer<typeof WarningSchema>;

export const EvaluationResultSchema = z.object({
  portfolio: z.object({
    asOf: z.string(),
    accounts: z.number().int(),
    tierCounts: z.array(z.object({ tierId: z.string(), count: z.number().int() })),
    /** Accounts per 1-point score bin 0..100 (bin 100 holds score 100). */
    histogram: z.array(z.number().int()).length(101),
    meanScore: Nullable,
    /** Accounts at the as-of date with a CSM override in force, and their share. */
    overrides: z.object({ active: z.number().int(), rate: z.number() }),
  }),
  /**
   * Each configuration (variants in match order, then the default): accounts
   * it scores at the as-of date, and its own backtest over the window.
   */
  configurations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      accounts: z.number().int(),
      metrics: ClassificationMetricsSchema,
      tiers: z.array(TierStatSchema),
    }),
  ),
  backtest: z.object({
    horizonDays: z.number().int(),
    cadence: CadenceSchema,
    outcome: OutcomeSourceSchema,
    /** A one-moment export's date (FrameMeta.crossSectional): the outcome is what had happened by it. */
    oneMoment: z.string().optional(),
    /** Snapshot dates in the evaluation window. */
    periods: z.array(z.string()),
    evaluated: z.number().int(),
    /** Snapshots whose horizon is not yet observed. */
    censored: z.number().int(),
    /** Observed snapshots before the evaluation window. */
    outsideWindow: z.number().int(),
    overall: ClassificationMetricsSchema,
    /** Share of churned ARR that the at-risk set caught; null without ARR. */
    arrCaptured: Nullable,
    tiers: z.array(TierStatSchema),
    breakdowns: z.array(z.object({ dimension: DimensionSchema, groups: z.array(GroupStatSchema) })),
    auc: Nullable,
    averagePrecision: Nullable,
    roc: z.array(CurvePointSchema),
    pr: z.array(CurvePointSchema),
    deciles: z.array(DecileRowSchema),
    topDecileLift: Nullable,
    capacity: z.object({
      k: z.number().int(),
      recallAtK: Nullable,
      churnersCaught: z.number(),
      churners: z.number(),
      targetRecall: z.number(),
      kForTarget: z.number().int().nullable(),
      curve: z.array(z.object({ k: z.number().int(), recall: z.number() })),
      /** The same K month by month (week by week), oldest first. */
      byPeriod: z.array(
        z.object({
          period: z.string(),
          /** Accounts scored that period (evaluated snapshots). */
          accounts: z.number().int(),
          /** Accounts worked: K, or all of them when fewer were scored. */
          worked: z.number().int(),
          churners: z.number().int(),
          churnersCaught: z.number().int(),
          /** Null when the period had no churners: there was nobody to reach, which is not a recall of 0. */
          recallAtK: Nullable,
        }),
      ),
    }),
    /** Null when not asked for (the app computes alerts only while their view is open). */
    alerts: z.array(AlertStatSchema).nullable(),
    suggestedCuts: z.array(CutSuggestionSchema),
    warnings: z.array(WarningSchema),
    /** Account-level figures the verdict rests on (absent from results made before they existed). */
    evidence: EvidenceSchema.optional(),
  }),
  intervals: IntervalsSchema.nullable(),
});
export type EvaluationResult = z.infer<typeof EvaluationResultSchema>;

/** The parts of a result's backtest that come from ranking every evaluated snapshot: a provisional result carries the previous ones. */
export const RANKED_FIELDS = [
  'auc',
  'averagePrecision',
  'roc',
  'pr',
  'deciles',
  'topDecileLift',
  'capacity',
  'evidence',
] as const satisfies readonly (keyof EvaluationResult['backtest'])[];

export const MonthRange = z.object({ from: z.string(), to: z.string() }).nullable();
export const RankingQuality = z.object({
  auc: Nullable,
  averagePrecision: Nullable,
  /** 95 % bootstrap interval of the AUC, resampling accounts. */
  aucInterval: IntervalSchema.optional(),
});

/**
 * A suggestion judged against the current configuration on the held-out
 * months: the AUC gain with a paired bootstrap interval (the same resampled
 * accounts score both) and what that means.
 */
export const HeldOutJudgementSchema = z.object({
  gain: Nullable,
  gainInterval: IntervalSchema,
  /** better: the interval is above 0; within-noise: gain ≥ 0 but the interval reaches 0; worse: the gain is negative. */
  verdict: z.enum(['better', 'within-noise', 'worse', 'not-judged']),
  text: z.string(),
});
export type HeldOutJudgement = z.infer<typeof HeldOutJudgementSchema>;

/** A signal or category a suggestion left out, and why. */
export const IgnoredInputSchema = z.object({ id: z.string(), reason: z.string() });

export const WeightSuggestionSchema = z.object({
  categories: z.array(z.string()),
  /** Whole percentages summing to 100, in category order. */
  weights: z.array(z.number().int()),
  coefficients: z.array(z.number()),
  trainMonths: MonthRange,
  testMonths: MonthRange,
  trainSnapshots: z.number().int(),
  testSnapshots: z.number().int(),
  /** Ranking quality on the held-out months, current weights vs suggested. */
  current: RankingQuality,
  suggested: RankingQuality,
  /** Absent from older engines; when present the UI offers the weights as an improvement only if verdict is better. */
  heldOut: HeldOutJudgementSchema.optional(),
  /** Categories left out of the fit (weight 0): no data or the same score everywhere in the fitting months. */
  ignored: z.array(IgnoredInputSchema).optional(),
  note: z.string().nullable(),
});
export type WeightSuggestion = z.infer<typeof WeightSuggestionSchema>;

export const MetricDifferenceSchema = z.object({
  metric: z.enum([
    'precision',
    'recall',
    'f1',
    'auc',
    'averagePrecision',
    'baseRate',
    'lift',
    'arrCaptured',
    'topDecileLift',
  ]),
  base: Nullable,
  value: Nullable,
  diff: Nullable,
  /** 95 % paired-bootstrap interval of the difference (same account resamples for both), where available. */
  ci: z.tuple([z.number(), z.number()]).nullable(),
  /** The interval excludes zero: the difference is larger than resampling noise. */
  significant: z.boolean().nullable(),
  /** The smallest difference worth acting on for this metric (compare/minDifference.ts); null: none set. */
  minDifference: Nullable.optional(),
  /** Beyond noise and at least the minimum difference in size: the only difference to call a gain or a loss. */
  worthActing: z.boolean().nullable().optional(),
});

export const MoverSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  segment: z.string(),
  from: z.string(),
  to: z.string(),
  scoreFrom: z.number(),
  scoreTo: z.number(),
  /** The category whose weighted contribution changed most, and by how many points. */
  driver: z.string(),
  driverDelta: z.number(),
});
export type Mover = z.infer<typeof MoverSchema>;

export const ComparisonSchema = z.object({
  scenarios: z.array(z.string()),
  results: z.array(EvaluationResultSchema),
  differences: z.array(z.object({ scenario: z.string(), metrics: z.array(MetricDifferenceSchema) })),
  migration: z.object({
    from: z.string(),
    to: z.string(),
    fromTiers: z.array(z.object({ id: z.string(), name: z.string(), color: z.string() })),
    toTiers: z.array(z.object({ id: z.string(), name: z.string(), color: z.string() })),
    /** counts[fromTier][toTier] of accounts at the as-of date. */
    counts: z.array(z.array(z.number().int())),
    movers: z.array(MoverSchema),
    moversTotal: z.number().int(),
  }),
  /** Per scenario after the baseline: how many snapshots it scores beside the baseline's (re-weighting can leave some unscored). */
  snapshots: z
    .array(
      z.object({
        scenario: z.string(),
        evaluated: z.number().int(),
        baseline: z.number().int(),
        /** Accounts the paired bootstrap draws from: every account either scenario scores. */
        accounts: z.number().int(),
      }),
    )
    .optional(),
  note: z.string().nullable(),
  /**
   * The configuration each scenario was judged with, when one differs from what was sent: "Your current
   * score" is judged as one category (the imported score) with its own tiers (its statuses' names and cuts).
   */
  judged: z.array(ModelConfigSchema).optional(),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

/**
 * The proposed mapping of each file, in the request's order, relations included
 * (`mapping.via` with its match rate). `read` is the read options it was proposed
 * for: an answer for options the screen has since changed is stale.
 */
export const MappingProposalSchema = z.object({
  files: z.array(z.object({ fileId: FileIdSchema, read: ReadOptionsSchema, mapping: FileMappingSchema })),
});
export type MappingProposal = z.infer<typeof MappingProposalSchema>;
