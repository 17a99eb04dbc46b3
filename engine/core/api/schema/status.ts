/** The engine's state as the renderer polls it: loading, imports, the loaded dataset, the defaults. */
import { z } from 'zod';
import { BacktestSettingsSchema } from './backtest.js';
import { ModelConfigSchema, TierSchemeSchema } from './model.js';
import { EXTRA_KINDS } from '../../import/extraColumns.js';
import { CUSTOM_TABLE_NAMES } from '../../signals/customTables.js';

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
  /** Per event table, the extra columns the import kept (`x_…`) and their kinds: what a custom signal may also read. */
  extraColumns: z.partialRecord(z.enum(CUSTOM_TABLE_NAMES), z.record(z.string(), z.enum(EXTRA_KINDS))),
});
export type DatasetMeta = z.infer<typeof DatasetMetaSchema>;

export const DefaultsSchema = z.object({
  config: ModelConfigSchema,
  tierPresets: z.array(TierSchemeSchema),
  backtest: BacktestSettingsSchema,
});
export type Defaults = z.infer<typeof DefaultsSchema>;
