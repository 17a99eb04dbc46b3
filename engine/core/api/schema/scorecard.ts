/** The fitted scorecard as the engine answers it: the configuration, where it was fitted and judged, how it did. */
import { z } from 'zod';
import { ModelConfigSchema, SignalIdSchema } from './model.js';
import { HeldOutJudgementSchema, IgnoredInputSchema, IntervalSchema, MonthRange, RankingQuality } from './results.js';

const Nullable = z.number().nullable();

/** The at-risk set a cut point makes on the held-out snapshots. */
export const AtCutSchema = z.object({
  flagged: z.number().int(),
  /** Share of the flagged snapshots that churned. */
  precision: Nullable,
  /** Share of the churners that were flagged. */
  recall: Nullable,
  precisionInterval: IntervalSchema,
  recallInterval: IntervalSchema,
});

const JudgedSchema = RankingQuality.extend({ aucInterval: IntervalSchema, atCut: AtCutSchema.optional() });

export const ScorecardFitSchema = z.object({
  /** An ordinary configuration: bands per signal, weights, fitted cut points, its fitting months. */
  config: ModelConfigSchema,
  trainMonths: MonthRange,
  testMonths: MonthRange,
  trainSnapshots: z.number().int(),
  testSnapshots: z.number().int(),
  /** On the held-out months: the configuration it was judged against, and the fitted one. */
  current: JudgedSchema,
  fitted: JudgedSchema,
  heldOut: HeldOutJudgementSchema,
  signals: z.array(
    z.object({
      signal: SignalIdSchema,
      category: z.string(),
      direction: z.enum(['risk-rises', 'risk-falls']),
      bands: z.number().int(),
      /** Per unit of weight of evidence; 0: left out. */
      coefficient: z.number(),
    }),
  ),
  ignored: z.array(IgnoredInputSchema),
  /** How the cut points were chosen, in plain words. */
  cutsNote: z.string(),
});
export type ScorecardFitResult = z.infer<typeof ScorecardFitSchema>;

/** Either the fit, or why there was nothing to fit on (an empty state, not an error). */
export const ScorecardResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('fitted'), fit: ScorecardFitSchema }),
  z.object({
    status: z.literal('too-few-churners'),
    churners: z.number().int(),
    needed: z.number().int(),
    fitMonths: MonthRange,
    text: z.string(),
  }),
]);
export type ScorecardResponse = z.infer<typeof ScorecardResponseSchema>;
