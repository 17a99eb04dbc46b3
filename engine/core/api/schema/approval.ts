/** An approved configuration file: the configuration, its approval and the evidence it was approved on. */
import { z } from 'zod';
import { BacktestSettingsSchema } from './backtest.js';
import { ModelConfigSchema } from './model.js';
import { VerdictSchema } from './verdict.js';

const Nullable = z.number().nullable();

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
  /** The verdict at approval, and who acknowledged its serious findings (absent from files approved before verdicts). */
  verdict: VerdictSchema.extend({
    acknowledgement: z.strictObject({ by: z.string(), findings: z.array(z.string()) }).nullable(),
  }).optional(),
});
export type ApprovedConfig = z.infer<typeof ApprovedConfigSchema>;
