/**
 * The one schema for everything that crosses a boundary: the model
 * configuration (UI, files, CLI) and the engine API's requests and responses
 * (IPC and HTTP). Types are inferred from it so the hosts cannot drift.
 */
import { z } from 'zod';
import { SIGNAL_IDS } from '../signals/catalog.js';
import {
  DataQualitySchema, FileIdSchema, FileInfoSchema, FileMappingSchema, ImportReportSchema, ImportRequestSchema, EntityIdSchema,
  ProjectStateSchema, ReadOptionsSchema, WorkspaceListSchema, WorkspaceNameSchema, WorkspaceSummarySchema,
} from './importSchema.js';

export const SignalIdSchema = z.enum(SIGNAL_IDS);

/** Linear: the raw value `worst` scores 0, `best` scores 100, clamped. worst > best means lower is better. */
const LinearNormalisation = z.strictObject({
  kind: z.literal('linear'),
  worst: z.number(),
  best: z.number(),
}).refine((n) => n.worst !== n.best, { message: 'worst and best must differ', path: ['best'] });

/** Bands: value < edges[0] → scores[0]; edges[i-1] ≤ value < edges[i] → scores[i]; value ≥ last edge → last score. */
const BandsNormalisation = z.strictObject({
  kind: z.literal('bands'),
  edges: z.array(z.number()).min(1),
  scores: z.array(z.number().min(0).max(100)),
}).refine((n) => n.scores.length === n.edges.length + 1, {
  message: 'bands need exactly one more score than edges',
  path: ['scores'],
}).refine((n) => n.edges.every((e, i) => i === 0 || e > n.edges[i - 1]!), {
  message: 'band edges must increase',
  path: ['edges'],
});

const ConditionSchema = z.strictObject({ op: z.enum(['<', '<=', '>', '>=', '==']), value: z.number() });
export type Condition = z.infer<typeof ConditionSchema>;

/** Rule points, as playbooks write them: start from a base, add each matching rule's points, clamp to 0–100. */
const RulesNormalisation = z.strictObject({
  kind: z.literal('rules'),
  base: z.number().min(0).max(100),
  rules: z.array(z.strictObject({ when: ConditionSchema, points: z.number().min(-100).max(100) })).min(1),
});

/** Boolean: one score when the condition holds (e.g. a failed payment), another when it does not. */
const BooleanNormalisation = z.strictObject({
  kind: z.literal('boolean'),
  when: ConditionSchema,
  score: z.number().min(0).max(100),
  otherwise: z.number().min(0).max(100),
});

/**
 * Percentile rank among the accounts at the same snapshot date (in the same
 * segment, or the whole portfolio): (accounts strictly below) / (accounts − 1)
 * × 100, as SQL's PERCENT_RANK; reversed (100 − it) when lower is better.
 */
const PercentileNormalisation = z.strictObject({
  kind: z.literal('percentile'),
  higherIsBetter: z.boolean(),
  within: z.enum(['segment', 'portfolio']),
});

export const NormalisationSchema = z.union([LinearNormalisation, BandsNormalisation, RulesNormalisation, BooleanNormalisation, PercentileNormalisation]);
export type Normalisation = z.infer<typeof NormalisationSchema>;

export const SignalInputSchema = z.strictObject({
  signal: SignalIdSchema,
  /** Relative weight of the signal inside its category. */
  weight: z.number().positive(),
  normalisation: NormalisationSchema,
});
export type SignalInput = z.infer<typeof SignalInputSchema>;

export const CategorySchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _'),
  name: z.string().min(1),
  /** Percent of the overall score; all categories sum to 100. */
  weight: z.number().min(0).max(100),
  signals: z.array(SignalInputSchema).min(1),
});
export type Category = z.infer<typeof CategorySchema>;

export const TierSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** Inclusive lower bound; integer so cut points line up with 1-point score bins. */
  min: z.number().int().min(0).max(100),
  /** The playbook step for accounts in this tier. */
  action: z.string().optional(),
  /** How soon the CSM should act, in hours (48 = two days, 168 = a week). */
  responseHours: z.number().int().positive().max(8760).optional(),
});
export type Tier = z.infer<typeof TierSchema>;

export const TierSchemeSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Healthiest first; the last tier starts at 0. */
  tiers: z.array(TierSchema).min(2).max(7),
}).superRefine((s, ctx) => {
  s.tiers.forEach((t, i) => {
    if (i > 0 && t.min >= s.tiers[i - 1]!.min) {
      ctx.addIssue({ code: 'custom', message: `cut points must decrease: ${t.name} starts at ${t.min}, not below ${s.tiers[i - 1]!.name} (${s.tiers[i - 1]!.min})`, path: ['tiers', i, 'min'] });
    }
  });
  const last = s.tiers[s.tiers.length - 1];
  if (last && last.min !== 0) ctx.addIssue({ code: 'custom', message: 'the lowest tier must start at 0', path: ['tiers', s.tiers.length - 1, 'min'] });
});
export type TierScheme = z.infer<typeof TierSchemeSchema>;

/**
 * A category with no data: scores the neutral 50, is left out and the rest
 * re-weighted, or is penalised (scores 0: silence reads as risk).
 */
export const MissingPolicySchema = z.enum(['neutral', 'reweight', 'penalise']);
export type MissingPolicy = z.infer<typeof MissingPolicySchema>;

/**
 * What usage trends compare the current window with: the trailing baseline,
 * or the same window a year earlier (seasonal businesses), falling back to
 * the trailing baseline for accounts without a year of history.
 */
export const BaselineSchema = z.enum(['trailing', 'last-year']);
export type Baseline = z.infer<typeof BaselineSchema>;

/** The configuration file version this build reads and writes. */
export const CONFIG_SCHEMA_VERSION = 1;

/**
 * Which accounts a configuration scores, judged at each snapshot date. Every
 * condition given must hold; list conditions match any of their values.
 */
export const AssignmentRuleSchema = z.strictObject({
  segments: z.array(z.string().min(1)).min(1).optional(),
  plans: z.array(z.string().min(1)).min(1).optional(),
  regions: z.array(z.string().min(1)).min(1).optional(),
  /** ARR band: at least arrMin, below arrBelow. */
  arrMin: z.number().min(0).optional(),
  arrBelow: z.number().positive().optional(),
  /** Lifecycle: accounts younger than this many days at the snapshot date (an onboarding configuration). */
  ageDaysBelow: z.number().int().min(1).max(3650).optional(),
}).superRefine((r, ctx) => {
  if (Object.keys(r).length === 0) ctx.addIssue({ code: 'custom', message: 'a rule needs at least one condition (the default configuration scores everyone else)' });
  if (r.arrMin !== undefined && r.arrBelow !== undefined && r.arrBelow <= r.arrMin) {
    ctx.addIssue({ code: 'custom', message: `the ARR band is empty: ${r.arrMin} to below ${r.arrBelow}`, path: ['arrBelow'] });
  }
});
export type AssignmentRule = z.infer<typeof AssignmentRuleSchema>;

/** Weights sum to 100 and category ids are unique. */
function checkCategories(categories: readonly Category[], ctx: z.RefinementCtx, at: (string | number)[]): void {
  const sum = categories.reduce((s, k) => s + k.weight, 0);
  if (Math.abs(sum - 100) > 1e-6) {
    ctx.addIssue({ code: 'custom', message: `weights sum to ${Number(sum.toFixed(6))}, expected 100`, path: [...at, 'categories'] });
  }
  const seen = new Set<string>();
  categories.forEach((k, i) => {
    if (seen.has(k.id)) ctx.addIssue({ code: 'custom', message: `duplicate category id "${k.id}"`, path: [...at, 'categories', i, 'id'] });
    seen.add(k.id);
  });
}

/**
 * Another configuration for the accounts its rule matches (Enterprise,
 * onboarding, an ARR band): its own categories, weights, normalisation and
 * missing-data policy, and optionally its own cut points for the shared
 * tiers — one tier vocabulary, so "Red" and its playbook mean the same
 * everywhere.
 */
export const VariantSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, - and _'),
  name: z.string().min(1),
  when: AssignmentRuleSchema,
  categories: z.array(CategorySchema).min(1).max(12),
  /** Absent: the default configuration's policy. */
  missing: MissingPolicySchema.optional(),
  /** Absent: the default configuration's baseline. */
  baseline: BaselineSchema.optional(),
  /** Lower bound of each tier, healthiest first (absent: the default cut points). */
  cuts: z.array(z.number().int().min(0).max(100)).min(2).max(7).optional(),
}).superRefine((v, ctx) => checkCategories(v.categories, ctx, []));
export type Variant = z.infer<typeof VariantSchema>;

export const ModelConfigSchema = z.strictObject({
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION),
  name: z.string().min(1),
  categories: z.array(CategorySchema).min(1).max(12),
  tiers: TierSchemeSchema,
  /** Category with no available signal: score it 50 (neutral) or drop it and re-weight the others. */
  missing: MissingPolicySchema,
  /** Trend baseline; absent means trailing. */
  baseline: BaselineSchema.optional(),
  /**
   * Other configurations, tried in order at every snapshot: the first whose
   * rule matches scores the account; the configuration above scores the rest.
   */
  variants: z.array(VariantSchema).max(8).optional(),
}).superRefine((c, ctx) => {
  checkCategories(c.categories, ctx, []);
  const ids = new Set<string>(['default']);
  c.variants?.forEach((v, i) => {
    if (ids.has(v.id)) ctx.addIssue({ code: 'custom', message: `duplicate configuration id "${v.id}"${v.id === 'default' ? ' (reserved for the default configuration)' : ''}`, path: ['variants', i, 'id'] });
    ids.add(v.id);
    if (!v.cuts) return;
    if (v.cuts.length !== c.tiers.tiers.length) {
      ctx.addIssue({ code: 'custom', message: `${v.cuts.length} cut points for ${c.tiers.tiers.length} tiers`, path: ['variants', i, 'cuts'] });
      return;
    }
    v.cuts.forEach((m, k) => {
      if (k > 0 && m >= v.cuts![k - 1]!) ctx.addIssue({ code: 'custom', message: `cut points must decrease: ${c.tiers.tiers[k]!.name} starts at ${m}, not below ${v.cuts![k - 1]}`, path: ['variants', i, 'cuts', k] });
    });
    if (v.cuts[v.cuts.length - 1] !== 0) ctx.addIssue({ code: 'custom', message: 'the lowest tier must start at 0', path: ['variants', i, 'cuts', v.cuts.length - 1] });
  });
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

export const HorizonSchema = z.number().int().min(1).max(730);

export const HORIZONS = [30, 60, 90, 180, 365] as const;
export const CadenceSchema = z.enum(['monthly', 'weekly']);
export const OutcomeSourceSchema = z.enum(['churn', 'renewal']);

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
  /** Month-ends the weights were fitted on, when they came from a suggestion: evaluating on them flatters the model. */
  fittedOn: z.object({ from: z.string(), to: z.string() }).nullable().optional(),
});
export type BacktestSettings = z.infer<typeof BacktestSettingsSchema>;

// ---- API payloads -------------------------------------------------------

export const LoadStatusSchema = z.object({
  state: z.enum(['loading', 'ready', 'error']),
  step: z.string(),
  done: z.number(),
  total: z.number(),
  message: z.string().optional(),
  /** Increases each time new data replaces the old (an import, a workspace opened). */
  generation: z.number().int().optional(),
});
export type LoadStatus = z.infer<typeof LoadStatusSchema>;

export const ImportStatusSchema = z.object({
  state: z.enum(['idle', 'running', 'done', 'failed', 'cancelled']),
  step: z.string(),
  /** 0–1 over the whole import, snapshot building included. */
  fraction: z.number(),
  /** While a file is read: rows and bytes so far, and the file's size. */
  rows: z.number().optional(),
  bytes: z.number().optional(),
  bytesTotal: z.number().optional(),
  message: z.string().optional(),
  generation: z.number().int(),
});
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

export const DatasetMetaSchema = z.object({
  source: z.string(),
  /** Last date any source has data for; outcomes are observed up to it. */
  observedThrough: z.string(),
  /** Month-end snapshot dates (the default cadence). */
  periods: z.array(z.string()),
  /** Whether a renewals export was loaded, so renewal outcomes are available. */
  hasRenewals: z.boolean(),
  segments: z.array(z.string()),
  /** Plans and regions in the data: what assignment rules can name. */
  plans: z.array(z.string()),
  regions: z.array(z.string()),
  accounts: z.number().int(),
  snapshots: z.number().int(),
  tables: z.array(z.object({ name: z.string(), file: z.string(), rows: z.number().int() })),
});
export type DatasetMeta = z.infer<typeof DatasetMetaSchema>;

export const EvaluateRequestSchema = z.object({
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
  /** Snapshot date (YYYY-MM-DD) for the portfolio view, at the backtest's cadence. */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Bootstrap replicates for confidence intervals (0: none). */
  bootstrap: z.number().int().min(0).max(2000).optional(),
});
export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;

const Nullable = z.number().nullable();

export const ConfusionSchema = z.object({ tp: z.number().int(), fp: z.number().int(), fn: z.number().int(), tn: z.number().int() });
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
});
export type Intervals = z.infer<typeof IntervalsSchema>;

export const WarningSchema = z.object({ kind: z.enum(['stale-source', 'fitted-on-window', 'non-monotonic', 'small-sample', 'override-rate']), message: z.string() });
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
  configurations: z.array(z.object({ id: z.string(), name: z.string(), accounts: z.number().int(), metrics: ClassificationMetricsSchema, tiers: z.array(TierStatSchema) })),
  backtest: z.object({
    horizonDays: z.number().int(),
    cadence: CadenceSchema,
    outcome: OutcomeSourceSchema,
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
    /** Churn rate strictly rises from the healthiest tier to the worst (tiers with no snapshots skipped). */
    monotonic: z.boolean(),
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
    }),
    /** Null when not asked for (the app computes alerts only while their view is open). */
    alerts: z.array(AlertStatSchema).nullable(),
    suggestedCuts: z.array(CutSuggestionSchema),
    warnings: z.array(WarningSchema),
  }),
  intervals: IntervalsSchema.nullable(),
});
export type EvaluationResult = z.infer<typeof EvaluationResultSchema>;

/** The parts of a result's backtest that come from ranking every evaluated snapshot: a provisional result carries the previous ones. */
export const RANKED_FIELDS = ['auc', 'averagePrecision', 'roc', 'pr', 'deciles', 'topDecileLift', 'capacity'] as const satisfies readonly (keyof EvaluationResult['backtest'])[];

const MonthRange = z.object({ from: z.string(), to: z.string() }).nullable();
const RankingQuality = z.object({ auc: Nullable, averagePrecision: Nullable });

export const SuggestWeightsRequestSchema = z.object({
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
  /** Fit this configuration's weights on the snapshots it scores (default: the default configuration). */
  configurationId: z.string().optional(),
});
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
  note: z.string().nullable(),
});
export type WeightSuggestion = z.infer<typeof WeightSuggestionSchema>;

export const ScenarioInputSchema = z.object({ name: z.string().min(1), config: ModelConfigSchema, backtest: BacktestSettingsSchema });
export type ScenarioInput = z.infer<typeof ScenarioInputSchema>;

export const CompareRequestSchema = z.object({
  /** The first is the baseline; the others are compared with it on the baseline's snapshots and outcome. */
  scenarios: z.array(ScenarioInputSchema).min(2).max(6),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export const MetricDifferenceSchema = z.object({
  metric: z.enum(['precision', 'recall', 'f1', 'auc', 'averagePrecision', 'baseRate', 'lift', 'arrCaptured', 'topDecileLift']),
  base: Nullable,
  value: Nullable,
  diff: Nullable,
  /** 95 % paired-bootstrap interval of the difference (same account resamples for both), where available. */
  ci: z.tuple([z.number(), z.number()]).nullable(),
  /** The interval excludes zero: the difference is larger than resampling noise. */
  significant: z.boolean().nullable(),
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
  note: z.string().nullable(),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

export const APPROVED_FORMAT = 'health-score-workbench/approved-configuration';

export const HeadlineMetricsSchema = z.object({
  evaluated: z.number().int(),
  censored: z.number().int(),
  precision: Nullable,
  recall: Nullable,
  f1: Nullable,
  auc: Nullable,
  averagePrecision: Nullable,
  tierChurnRates: z.array(z.object({ tierId: z.string(), count: z.number().int(), churnRate: Nullable })),
});
export type HeadlineMetrics = z.infer<typeof HeadlineMetricsSchema>;

export const DataFingerprintSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  tables: z.array(z.object({ name: z.string(), rows: z.number().int(), sha256: z.string() })),
});
export type DataFingerprint = z.infer<typeof DataFingerprintSchema>;

/** An approved configuration file: what production runs, who approved it, and the evidence. */
export const ApprovedConfigSchema = z.strictObject({
  format: z.literal(APPROVED_FORMAT),
  schemaVersion: z.literal(1),
  configuration: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
  approval: z.strictObject({ approver: z.string().min(1), note: z.string(), approvedAt: z.string() }),
  /** SHA-256 of the canonical JSON of { configuration, backtest }. */
  configSha256: z.string().regex(/^[0-9a-f]{64}$/),
  data: DataFingerprintSchema,
  metrics: HeadlineMetricsSchema,
});
export type ApprovedConfig = z.infer<typeof ApprovedConfigSchema>;

export const ApproveRequestSchema = z.object({
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
  approver: z.string().trim().min(1, 'approver is required'),
  note: z.string().max(5000),
});

export const AccountsRequestSchema = z.object({
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sort: z.enum(['score-asc', 'score-desc', 'change-asc']),
  tierId: z.string().nullable(),
  search: z.string().max(200),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(500),
});
export type AccountsRequest = z.infer<typeof AccountsRequestSchema>;

export const AccountRowSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  segment: z.string(),
  onboarding: z.boolean(),
  /** The configuration that scored the account at this date (its rule matched first, or the default). */
  configuration: z.object({ id: z.string(), name: z.string() }),
  /** Too little data for the score to mean much (no usage in the window, or under a third of the signals). */
  insufficientData: z.boolean(),
  score: Nullable,
  /** The tier in force: the CSM override's when one applies, else the computed one. */
  tierId: z.string().nullable(),
  computedTierId: z.string().nullable(),
  override: z.object({
    tier: z.string().nullable(), score: Nullable, reason: z.string(), author: z.string().nullable(), createdAt: z.string(), expiresAt: z.string().nullable(),
  }).nullable(),
  /** Score at the previous snapshot date, and the change since. */
  previousScore: Nullable,
  change: Nullable,
  categories: z.array(z.object({ id: z.string(), name: z.string(), score: Nullable, weight: z.number(), contribution: z.number() })),
  strongest: z.string().nullable(),
  weakest: z.string().nullable(),
  missing: z.array(z.string()),
  explanation: z.string(),
  /** Signals that moved the score most since the previous snapshot (normalised scores then and now, approximate points of the overall score). */
  movers: z.array(z.object({ signal: z.string(), label: z.string(), from: Nullable, to: Nullable, points: z.number() })),
});
export type AccountRow = z.infer<typeof AccountRowSchema>;

export const AccountsResponseSchema = z.object({ total: z.number().int(), rows: z.array(AccountRowSchema) });
export type AccountsResponse = z.infer<typeof AccountsResponseSchema>;

export const DefaultsSchema = z.object({
  config: ModelConfigSchema,
  tierPresets: z.array(TierSchemeSchema),
  backtest: BacktestSettingsSchema,
});
export type Defaults = z.infer<typeof DefaultsSchema>;

const Empty = z.object({}).strict();

/**
 * The engine API. Every host (Electron IPC, local HTTP) exposes exactly these
 * methods, validates the request with `request` before calling the engine.
 * `getSnapshotFrame` answers with bytes (see frameCodec), not JSON.
 */
export const ENGINE_API = {
  getStatus: { request: Empty, response: LoadStatusSchema },
  getDataset: { request: Empty, response: DatasetMetaSchema },
  getDefaults: { request: Empty, response: DefaultsSchema },
  evaluate: { request: EvaluateRequestSchema, response: EvaluationResultSchema },
  suggestWeights: { request: SuggestWeightsRequestSchema, response: WeightSuggestionSchema },
  compareScenarios: { request: CompareRequestSchema, response: ComparisonSchema },
  approveConfig: { request: ApproveRequestSchema, response: ApprovedConfigSchema },
  listAccounts: { request: AccountsRequestSchema, response: AccountsResponseSchema },
  // Loading user exports (files arrive through the host: upload or a path from a dialog).
  listFiles: { request: Empty, response: z.array(FileInfoSchema) },
  sniffFile: { request: z.object({ fileId: FileIdSchema, read: ReadOptionsSchema.partial().optional(), entity: EntityIdSchema.optional() }), response: FileInfoSchema },
  removeFile: { request: z.object({ fileId: FileIdSchema }), response: z.object({}) },
  startImport: { request: ImportRequestSchema, response: z.object({}) },
  getImportStatus: { request: Empty, response: ImportStatusSchema },
  cancelImport: { request: Empty, response: z.object({}) },
  getImportReport: { request: z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) }), response: ImportReportSchema },
  getImportIssuesCsv: { request: Empty, response: z.object({ csv: z.string() }) },
  getDataQuality: { request: Empty, response: DataQualitySchema },
  // Workspaces: the data and the project (mapping, scenarios) saved together.
  listWorkspaces: { request: Empty, response: WorkspaceListSchema },
  saveWorkspace: { request: z.object({ name: WorkspaceNameSchema, project: ProjectStateSchema }), response: WorkspaceSummarySchema },
  openWorkspace: { request: z.object({ name: WorkspaceNameSchema }), response: z.object({ project: ProjectStateSchema }) },
  getProject: { request: Empty, response: ProjectStateSchema.extend({ workspace: z.string().nullable() }) },
  /** A signal's raw values at a date, binned: the preview behind the normalisation editor. */
  signalDistribution: {
    request: z.object({ signal: SignalIdSchema, asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), cadence: CadenceSchema, baseline: BaselineSchema.optional() }),
    response: z.object({ bins: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })), missing: z.number().int(), total: z.number().int() }),
  },
  /** The configuration as one SQL query scoring the canonical tables in a warehouse (DuckDB and PostgreSQL). */
  exportSql: { request: z.object({ config: ModelConfigSchema, asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }), response: z.object({ sql: z.string(), asOf: z.string() }) },
} as const;

export type EngineMethod = keyof typeof ENGINE_API;
export const ENGINE_METHODS = Object.keys(ENGINE_API) as EngineMethod[];
export type EngineRequest<M extends EngineMethod> = z.infer<(typeof ENGINE_API)[M]['request']>;
export type EngineResponse<M extends EngineMethod> = z.infer<(typeof ENGINE_API)[M]['response']>;

/** The typed API the renderer sees, whichever host carries it. */
export type EngineClient = {
  [M in EngineMethod]: (request: EngineRequest<M>) => Promise<EngineResponse<M>>;
} & {
  /** `onProgress` reports bytes received where the transport can (HTTP); IPC answers in one piece. */
  getSnapshotFrame: (cadence: z.infer<typeof CadenceSchema>, onProgress?: (received: number, total: number) => void) => Promise<ArrayBuffer>;
};

export { FileMappingSchema };

export function isEngineMethod(name: unknown): name is EngineMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ENGINE_API, name);
}
