/**
 * The model configuration: signals and their normalisation, categories,
 * tiers, the missing-data policy and the per-segment variants. What the UI
 * edits, configuration files hold and the CLI validates.
 */
import { z } from 'zod';
import { SIGNAL_IDS } from '../../signals/catalog.js';
import { FittedKindSchema } from './backtest.js';
import { CustomSignalIdSchema, CustomSignalSchema } from './customSignal.js';

/** A built-in signal, or a `custom.` one the configuration defines in `customSignals`. */
export const SignalIdSchema = z.union([z.enum(SIGNAL_IDS), CustomSignalIdSchema], {
  error: (issue) =>
    `unknown signal ${JSON.stringify(issue.input)}: use a built-in signal id, or "custom." and a lower-case name defined in customSignals`,
});

/** Linear: the raw value `worst` scores 0, `best` scores 100, clamped. worst > best means lower is better. */
const LinearNormalisation = z
  .strictObject({
    kind: z.literal('linear'),
    worst: z.number(),
    best: z.number(),
  })
  .refine((n) => n.worst !== n.best, { message: 'worst and best must differ', path: ['best'] });

/** Bands: value < edges[0] → scores[0]; edges[i-1] ≤ value < edges[i] → scores[i]; value ≥ last edge → last score. */
const BandsNormalisation = z
  .strictObject({
    kind: z.literal('bands'),
    edges: z.array(z.number()).min(1),
    scores: z.array(z.number().min(0).max(100)),
  })
  .refine((n) => n.scores.length === n.edges.length + 1, {
    message: 'bands need exactly one more score than edges',
    path: ['scores'],
  })
  .refine((n) => n.edges.every((e, i) => i === 0 || e > n.edges[i - 1]!), {
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

export const NormalisationSchema = z.union([
  LinearNormalisation,
  BandsNormalisation,
  RulesNormalisation,
  BooleanNormalisation,
  PercentileNormalisation,
]);
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

export const TierSchemeSchema = z
  .strictObject({
    id: z.string().min(1),
    name: z.string().min(1),
    /** Healthiest first; the last tier starts at 0. */
    tiers: z.array(TierSchema).min(2).max(7),
  })
  .superRefine((s, ctx) => {
    s.tiers.forEach((t, i) => {
      if (i > 0 && t.min >= s.tiers[i - 1]!.min) {
        ctx.addIssue({
          code: 'custom',
          message: `cut points must decrease: ${t.name} starts at ${t.min}, not below ${s.tiers[i - 1]!.name} (${s.tiers[i - 1]!.min})`,
          path: ['tiers', i, 'min'],
        });
      }
    });
    const last = s.tiers[s.tiers.length - 1];
    if (last && last.min !== 0)
      ctx.addIssue({
        code: 'custom',
        message: 'the lowest tier must start at 0',
        path: ['tiers', s.tiers.length - 1, 'min'],
      });
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
export const AssignmentRuleSchema = z
  .strictObject({
    segments: z.array(z.string().min(1)).min(1).optional(),
    plans: z.array(z.string().min(1)).min(1).optional(),
    regions: z.array(z.string().min(1)).min(1).optional(),
    /** ARR band: at least arrMin, below arrBelow. */
    arrMin: z.number().min(0).optional(),
    arrBelow: z.number().positive().optional(),
    /** Lifecycle: accounts younger than this many days at the snapshot date (an onboarding configuration). */
    ageDaysBelow: z.number().int().min(1).max(3650).optional(),
  })
  .superRefine((r, ctx) => {
    if (Object.keys(r).length === 0)
      ctx.addIssue({
        code: 'custom',
        message: 'a rule needs at least one condition (the default configuration scores everyone else)',
      });
    if (r.arrMin !== undefined && r.arrBelow !== undefined && r.arrBelow <= r.arrMin) {
      ctx.addIssue({
        code: 'custom',
        message: `the ARR band is empty: ${r.arrMin} to below ${r.arrBelow}`,
        path: ['arrBelow'],
      });
    }
  });
export type AssignmentRule = z.infer<typeof AssignmentRuleSchema>;

/** Weights sum to 100 and category ids are unique. */
function checkCategories(categories: readonly Category[], ctx: z.RefinementCtx, at: (string | number)[]): void {
  const sum = categories.reduce((s, k) => s + k.weight, 0);
  if (Math.abs(sum - 100) > 1e-6) {
    ctx.addIssue({
      code: 'custom',
      message: `weights sum to ${Number(sum.toFixed(6))}, expected 100`,
      path: [...at, 'categories'],
    });
  }
  const seen = new Set<string>();
  categories.forEach((k, i) => {
    if (seen.has(k.id))
      ctx.addIssue({
        code: 'custom',
        message: `duplicate category id "${k.id}"`,
        path: [...at, 'categories', i, 'id'],
      });
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
export const VariantSchema = z
  .strictObject({
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
  })
  .superRefine((v, ctx) => checkCategories(v.categories, ctx, []));
export type Variant = z.infer<typeof VariantSchema>;

/** Custom ids are unique, and every `custom.` signal a category lists is defined in `customSignals`. */
function checkCustomSignals(
  c: { categories: Category[]; variants?: Variant[]; customSignals?: { id: string }[] },
  ctx: z.RefinementCtx,
): void {
  const defined = new Set<string>();
  c.customSignals?.forEach((s, i) => {
    if (defined.has(s.id))
      ctx.addIssue({ code: 'custom', message: `duplicate custom signal "${s.id}"`, path: ['customSignals', i, 'id'] });
    defined.add(s.id);
  });
  const check = (categories: Category[], at: (string | number)[]) =>
    categories.forEach((k, i) =>
      k.signals.forEach((s, j) => {
        if (s.signal.startsWith('custom.') && !defined.has(s.signal))
          ctx.addIssue({
            code: 'custom',
            message: `"${s.signal}" is not defined: add it to customSignals, or pick another signal`,
            path: [...at, 'categories', i, 'signals', j, 'signal'],
          });
      }),
    );
  check(c.categories, []);
  c.variants?.forEach((v, i) => check(v.categories, ['variants', i]));
}

export const ModelConfigSchema = z
  .strictObject({
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
    /** Signals this configuration defines (a column of a mapped table, aggregated over a window); categories list them by id. */
    customSignals: z.array(CustomSignalSchema).max(50).optional(),
    /**
     * The month-ends this configuration was fitted on, when it came from a
     * suggestion: a backtest whose window overlaps them flatters it. `fitted`
     * says what was fitted (absent from files written before it existed).
     */
    fittedOn: z
      .strictObject({
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
        fitted: FittedKindSchema.optional(),
      })
      .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] })
      .optional(),
  })
  .superRefine((c, ctx) => {
    checkCategories(c.categories, ctx, []);
    checkCustomSignals(c, ctx);
    const ids = new Set<string>(['default']);
    c.variants?.forEach((v, i) => {
      if (ids.has(v.id))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate configuration id "${v.id}"${v.id === 'default' ? ' (reserved for the default configuration)' : ''}`,
          path: ['variants', i, 'id'],
        });
      ids.add(v.id);
      if (!v.cuts) return;
      if (v.cuts.length !== c.tiers.tiers.length) {
        ctx.addIssue({
          code: 'custom',
          message: `${v.cuts.length} cut points for ${c.tiers.tiers.length} tiers`,
          path: ['variants', i, 'cuts'],
        });
        return;
      }
      v.cuts.forEach((m, k) => {
        if (k > 0 && m >= v.cuts![k - 1]!)
          ctx.addIssue({
            code: 'custom',
            message: `cut points must decrease: ${c.tiers.tiers[k]!.name} starts at ${m}, not below ${v.cuts![k - 1]}`,
            path: ['variants', i, 'cuts', k],
          });
      });
      if (v.cuts[v.cuts.length - 1] !== 0)
        ctx.addIssue({
          code: 'custom',
          message: 'the lowest tier must start at 0',
          path: ['variants', i, 'cuts', v.cuts.length - 1],
        });
    });
  });
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
