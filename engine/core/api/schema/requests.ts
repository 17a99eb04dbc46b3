/**
 * What each engine method is asked: the request halves of the method table.
 * Parsed once, by the engine's dispatcher, before a handler sees them.
 */
import { z } from 'zod';
import {
  EntityIdSchema,
  FileIdSchema,
  ProjectStateSchema,
  ReadOptionsSchema,
  WorkspaceNameSchema,
} from '../importSchema.js';
import { BacktestSettingsSchema, CadenceSchema } from './backtest.js';
import { CustomSignalSchema } from './customSignal.js';
import { BaselineSchema, ModelConfigSchema, SignalIdSchema } from './model.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const EvaluateRequestSchema = z.object({
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
  /** Snapshot date (YYYY-MM-DD) for the portfolio view, at the backtest's cadence. */
  asOf: IsoDate,
  /** Bootstrap replicates for confidence intervals (0: none). */
  bootstrap: z.number().int().min(0).max(2000).optional(),
});
export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;

export const SuggestWeightsRequestSchema = z.object({
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
  /** Fit this configuration's weights on the snapshots it scores (default: the default configuration). */
  configurationId: z.string().optional(),
});

/** Fit a whole configuration as a scorecard on the earlier month-ends of this design, judged on the later ones. */
export const FitScorecardRequestSchema = z.object({
  /** The model it is judged against (and whose tiers it keeps). */
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
});

export const ScenarioInputSchema = z.object({
  name: z.string().min(1),
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
  /**
   * Whose score is judged: the configuration's (absent, 'model'), or the imported score history's
   * ('imported': "Your current score"), for which the configuration gives only the tiers' cut points.
   */
  score: z.enum(['model', 'imported']).optional(),
  /** Imported score only: tiers from the imported statuses when they follow score ranges, else the cut points. */
  tiersFrom: z.enum(['cuts', 'status']).optional(),
});
export type ScenarioInput = z.infer<typeof ScenarioInputSchema>;

export const CompareRequestSchema = z.object({
  /** The first is the baseline; the others are compared with it on the baseline's snapshots and outcome. */
  scenarios: z.array(ScenarioInputSchema).min(2).max(6),
  asOf: IsoDate,
});

export const ApproveRequestSchema = z.object({
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
  approver: z.string().trim().min(1, 'approver is required'),
  note: z.string().max(5000),
  /** Approve although the verdict has serious findings: required then, and recorded in the file with the findings' ids. */
  acknowledgeSerious: z.boolean().default(false),
});

export const AccountsRequestSchema = z.object({
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
  asOf: IsoDate,
  sort: z.enum(['score-asc', 'score-desc', 'change-asc']),
  tierId: z.string().nullable(),
  search: z.string().max(200),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(500),
});
export type AccountsRequest = z.infer<typeof AccountsRequestSchema>;

export const SniffFileRequestSchema = z.object({
  fileId: FileIdSchema,
  read: ReadOptionsSchema.partial().optional(),
  entity: EntityIdSchema.optional(),
});
export const RemoveFileRequestSchema = z.object({ fileId: FileIdSchema });
/**
 * The files the mapping screen holds, each with the read options it shows: propose
 * how they map and relate, from their values. At most MAX_PROPOSAL_FILES: each is
 * profiled (its head only), so the cost grows with the count.
 */
export const MAX_PROPOSAL_FILES = 30;
export const ProposeMappingsRequestSchema = z.object({
  files: z
    .array(z.object({ fileId: FileIdSchema, read: ReadOptionsSchema }))
    .min(1)
    .max(MAX_PROPOSAL_FILES)
    .refine((fs) => new Set(fs.map((f) => f.fileId)).size === fs.length, 'a file is listed twice'),
});
export const ImportReportRequestSchema = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});

/**
 * What a save may write: every scenario a valid configuration and backtest design. A stored scenario
 * the schema did not check (a deeply nested array as its config) made every later getProject fail.
 */
export const SaveWorkspaceRequestSchema = z.object({
  name: WorkspaceNameSchema,
  project: ProjectStateSchema.extend({
    scenarios: z.array(ScenarioInputSchema.extend({ savedAt: z.string().optional() })).max(200),
  }),
});
export const OpenWorkspaceRequestSchema = z.object({ name: WorkspaceNameSchema });

/**
 * Custom signal definitions a frame is to hold (as in a configuration's `customSignals`), so the app can
 * score and preview a configuration that defines some. Each id once, as in a configuration.
 */
const FrameCustomSignals = z
  .array(CustomSignalSchema)
  .max(50)
  .superRefine((list, ctx) =>
    list.forEach((s, i) => {
      if (list.findIndex((t) => t.id === s.id) < i)
        ctx.addIssue({ code: 'custom', message: `duplicate custom signal "${s.id}"`, path: [i, 'id'] });
    }),
  )
  .optional();

export const SignalDistributionRequestSchema = z.object({
  signal: SignalIdSchema,
  asOf: IsoDate,
  cadence: CadenceSchema,
  baseline: BaselineSchema.optional(),
  /** The definitions of the configuration being edited: a `custom.` signal is read from the frame holding them. */
  customSignals: FrameCustomSignals,
});
/**
 * A subscription grace period (days) as a request field: a number over IPC and in JSON,
 * the digits of a query parameter over HTTP.
 */
const GraceDays = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z
    .number({ error: 'graceDays must be a whole number of days from 0 to 365' })
    .int('graceDays must be a whole number of days from 0 to 365')
    .min(0, 'graceDays must be a whole number of days from 0 to 365')
    .max(365, 'graceDays must be a whole number of days from 0 to 365')
    .optional(),
);

/** The SQL reads episodes with the backtest's grace period, as the frame it mirrors did (default: 30 days). */
export const ExportSqlRequestSchema = z.object({
  config: ModelConfigSchema,
  asOf: IsoDate.optional(),
  graceDays: GraceDays,
});

/** The snapshot frame at a cadence; the message keeps naming the cadence, as the hosts' own check did. */
export const SnapshotFrameRequestSchema = z.object({
  cadence: z.enum(CadenceSchema.options, {
    error: (issue) => `unknown cadence ${JSON.stringify(issue.input)}, expected monthly or weekly`,
  }),
  /** Changes only the accounts whose outcomes come from subscriptions (default: 30 days). */
  graceDays: GraceDays,
  /** One column more per definition (the configuration's `customSignals`); absent or empty: the built-in signals only. */
  customSignals: FrameCustomSignals,
});
