/**
 * What the verdict rests on and what it says: figures counted in accounts
 * (the backtest's own counts are snapshots, one per account per snapshot
 * date) and the findings a CSM reads before trusting the score.
 */
import { z } from 'zod';

const Nullable = z.number().nullable();

/** Account-level figures of a backtest, read off the evaluated snapshots. */
export const EvidenceSchema = z.object({
  /** Distinct accounts among the evaluated snapshots, and those with a churn (or missed renewal) within the horizon. */
  accounts: z.number().int(),
  churnedAccounts: z.number().int(),
  /** Per tier, healthiest first: accounts with an evaluated snapshot in it, and churners that were in it within the horizon before churning. */
  tiers: z.array(z.object({ tierId: z.string(), accounts: z.number().int(), churnedAccounts: z.number().int() })),
  /** Churners the at-risk set flagged within the horizon before churning (at least one of their churn-labelled snapshots). */
  churnersFlagged: z.number().int(),
  /** Churners seen fromDays–toDays before churning, and how many of them were already below the top tier then. */
  leadTime: z.object({
    fromDays: z.number().int(),
    toDays: z.number().int(),
    churners: z.number().int(),
    belowTopTier: z.number().int(),
  }),
  /**
   * The trend test of churn along the tiers with each account's snapshots
   * counted together (verdict/trendTest.ts): null when it is undefined (no
   * churner, no stayer, one tier, one account); absent from older results.
   */
  tierTrend: z
    .object({
      accounts: z.number().int(),
      snapshots: z.number().int(),
      z: z.number(),
      /** One-sided p-value for churn rising from the healthiest tier to the worst. */
      pValue: z.number(),
      /** The z if every snapshot were a different account. */
      snapshotZ: z.number(),
      /** Variance inflation from accounts repeating across snapshots (≥ 1). */
      designEffect: z.number(),
    })
    .nullable()
    .optional(),
  /** Per configuration and category: evaluated snapshots it scored, how many had data, and the range of its scores. */
  categories: z.array(
    z.object({
      configurationId: z.string(),
      configurationName: z.string(),
      categoryId: z.string(),
      name: z.string(),
      weight: z.number(),
      snapshots: z.number().int(),
      withData: z.number().int(),
      min: Nullable,
      max: Nullable,
    }),
  ),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const SeveritySchema = z.enum(['serious', 'caution', 'good']);
export type Severity = z.infer<typeof SeveritySchema>;

export const FindingSchema = z.object({
  /** The rule that made it (stable: tests and acknowledgements refer to it). */
  id: z.string(),
  severity: SeveritySchema,
  /** What it means for accounts, in one plain sentence. */
  sentence: z.string(),
  /** What to do next. */
  nextStep: z.string(),
  /** The figures the sentence rests on. */
  figures: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
});
export type Finding = z.infer<typeof FindingSchema>;

export const VerdictSchema = z.object({
  /** The worst severity among the findings ('good' when none is serious or a caution). */
  overall: SeveritySchema,
  headline: z.string(),
  /** Serious first, then cautions, then what is good. */
  findings: z.array(FindingSchema),
});
export type Verdict = z.infer<typeof VerdictSchema>;
