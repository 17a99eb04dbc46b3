/**
 * Schema for loading user exports: how a file is read, how it maps to an
 * entity, the saved mapping file, the validation report and the data-quality
 * summary. Part of the one API schema (the method table in schema/methods.ts
 * uses it), shared by the UI, the hosts and the CLI.
 */
import { z } from 'zod';
import { compileDatePattern, DATE_FORMAT_IDS } from '../import/dateFormats.js';
import { ENTITY_IDS } from '../import/entities.js';
import { EXTRA_KINDS, EXTRA_NAME, extraColumnProblems } from '../import/extraColumns.js';

/** File names that can hold an export: what a folder contributes when a whole folder is chosen. */
export const EXPORT_FILE_PATTERN = /\.(csv|tsv|txt|csv\.gz|tsv\.gz|parquet|json|ndjson|jsonl|xlsx)$/i;

export const FileFormatSchema = z.enum(['csv', 'parquet', 'json', 'ndjson', 'xlsx']);
export type FileFormat = z.infer<typeof FileFormatSchema>;
export const EntityIdSchema = z.enum(ENTITY_IDS);
export const DateFormatIdSchema = z.enum(DATE_FORMAT_IDS);

/** How to read a file; sniffed, then adjustable on the mapping screen. */
export const ReadOptionsSchema = z.strictObject({
  format: FileFormatSchema,
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  quote: z.enum(['"', "'"]).optional(),
  header: z.boolean().optional(),
  /** 'utf-16' follows the byte-order mark (little-endian without one); 'latin-1' is ISO-8859-1 proper. */
  encoding: z.enum(['utf-8', 'windows-1252', 'latin-1', 'utf-16', 'utf-16le', 'utf-16be']).optional(),
  /** XLSX: sheet name; the first sheet with any rows when absent. */
  sheet: z.string().optional(),
  /** Lines (CSV) or sheet rows (XLSX) above the header: a report title, "Generated on …", blank lines. */
  skipRows: z.number().int().min(0).max(10_000).optional(),
  /**
   * Every date column of the file read with this DuckDB strptime pattern (`%d-%b-%Y`)
   * instead of its detected format: for dates no built-in format reads.
   */
  datePattern: z
    .string()
    .optional()
    .superRefine((p, ctx) => {
      if (p === undefined) return;
      const c = compileDatePattern(p);
      if (typeof c === 'string') ctx.addIssue({ code: 'custom', message: c });
    }),
});
export type ReadOptions = z.infer<typeof ReadOptionsSchema>;

export const ColumnProfileSchema = z.object({ name: z.string(), samples: z.array(z.string()) });
export type ColumnProfile = z.infer<typeof ColumnProfileSchema>;

const RoleName = z.string().regex(/^[a-z_]+$/);

/**
 * How a file reaches its account when it has no account-id column: its `column`
 * holds keys of another mapped file (`file`, by name; its unique column `key`),
 * and that file's row gives the account, directly or through its own relation.
 * Feature usage → subscriptions (subscription_id) → account; tickets → contacts
 * (requester email) → company.
 */
export const AccountRelationSchema = z.strictObject({
  column: z.string().min(1),
  file: z.string().min(1),
  key: z.string().min(1),
  /** When proposed from the data: the share of this column's sampled values found in the key (0–1). */
  matchRate: z.number().min(0).max(1).optional(),
});
export type AccountRelation = z.infer<typeof AccountRelationSchema>;

const IsoDay = z.iso.date({ error: 'expected a date as YYYY-MM-DD' });

/**
 * A column no role reads, kept for custom signals (engine/core/import/extraColumns.ts): stored in the
 * entity's table as `x_<name>`, typed as its kind with the same checks as a canonical column.
 */
export const ExtraColumnSchema = z.strictObject({
  column: z.string().min(1),
  name: z.string().regex(EXTRA_NAME, 'a lower-case name: a letter, then letters, digits or _ (30 at most)'),
  kind: z.enum(EXTRA_KINDS),
});

/** A mapping's fields; FileMappingSchema adds the checks across them. */
const FileMappingFields = z.strictObject({
  entity: EntityIdSchema,
  columns: z.record(RoleName, z.string()),
  dateFormats: z.record(RoleName, DateFormatIdSchema),
  /** Usage event rows: event names that count as key actions. */
  keyEvents: z.array(z.string()).optional(),
  confidence: z.enum(['high', 'medium', 'low']).optional(),
  /** Absent: the account id is a column of this file (`columns.account_id`), as in every version-1 file. */
  via: AccountRelationSchema.optional(),
  /** What the proposal assumed and the user should know ("ARR = MRR × 12 …"). */
  notes: z.array(z.string()).optional(),
  /**
   * Usage rows: identical rows are separate events (an event export without an event id, where two
   * identical events in one period are real). Off (the default): later copies are reported and counted once.
   */
  keepDuplicates: z.boolean().optional(),
  /**
   * The export date (YYYY-MM-DD): the day of a file whose rows carry no date of their own where one is
   * needed. A churn flag (`columns.churned`) dates the churned accounts without a churn date on it; a score
   * history with no date column (one row per account, an extract) has its scores as of it. Compare then
   * warns that nothing guarantees those scores were known that day.
   */
  asOf: IsoDay.optional(),
  /** Event rows: further columns to keep for custom signals, each stored as `x_<name>`. */
  extras: z.array(ExtraColumnSchema).optional(),
});

const checkExtras = (
  m: { entity: z.infer<typeof EntityIdSchema>; extras?: z.infer<typeof ExtraColumnSchema>[] },
  ctx: z.RefinementCtx,
) => {
  for (const message of extraColumnProblems(m.entity, m.extras))
    ctx.addIssue({ code: 'custom', message, path: ['extras'] });
};

/** One file's mapping: entity, column per role, date format per date role. */
export const FileMappingSchema = FileMappingFields.superRefine(checkExtras);
export type FileMapping = z.infer<typeof FileMappingSchema>;

export const FileInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  /** The day the file was last modified (the host's local date), when known: the proposed export date. */
  modified: IsoDay.optional(),
  read: ReadOptionsSchema,
  sheets: z.array(z.string()).optional(),
  columns: z.array(ColumnProfileSchema),
  suggestion: FileMappingSchema,
  /** Entities ranked by fit, best first. */
  ranking: z.array(z.object({ entity: EntityIdSchema, score: z.number() })),
});
export type FileInfo = z.infer<typeof FileInfoSchema>;

export const MAPPING_FORMAT = 'health-score-workbench/mapping';

/**
 * One file of a saved mapping. Files saved before the export date was one field hold it as
 * `churnAsOf`: read as `asOf` (and written back as `asOf`); both with different dates is an error.
 */
const SavedFileSchema = z
  .strictObject({
    /** The file name it was made for; files are matched by header first, then by name. */
    name: z.string(),
    headers: z.array(z.string()),
    read: ReadOptionsSchema,
    mapping: FileMappingFields.extend({ churnAsOf: IsoDay.optional() }).superRefine(checkExtras),
  })
  .transform((f, ctx) => {
    const { churnAsOf, ...mapping } = f.mapping;
    if (churnAsOf === undefined) return { ...f, mapping };
    if (mapping.asOf !== undefined && mapping.asOf !== churnAsOf) {
      ctx.addIssue({
        code: 'custom',
        path: ['mapping', 'asOf'],
        message: `${f.name}: two export dates, churnAsOf ${churnAsOf} and asOf ${mapping.asOf}; keep the right one as asOf and delete churnAsOf`,
      });
      return z.NEVER;
    }
    return { ...f, mapping: { ...mapping, asOf: churnAsOf } };
  });

/**
 * A saved mapping: next month's export of the same shape loads with it in one step.
 * Version 2 adds relations (`mapping.via`), version 3 extra columns (`mapping.extras`); a file is
 * written as the lowest version that holds it, and every older file reads as it always did.
 */
export const MappingFileSchema = z.strictObject({
  format: z.literal(MAPPING_FORMAT),
  version: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'Invalid input: expected 1, 2 or 3' }),
  files: z.array(SavedFileSchema),
});
export type MappingFile = z.infer<typeof MappingFileSchema>;

/**
 * The version a mapping file is written as: 3 when some file keeps extra columns, 2 when some file
 * reaches its account through a relation, else 1 (so an older workbench reads what it can).
 */
export const mappingFileVersion = (mappings: readonly FileMapping[]): 1 | 2 | 3 =>
  mappings.some((m) => (m.extras?.length ?? 0) > 0) ? 3 : mappings.some((m) => m.via) ? 2 : 1;

export const FileIdSchema = z.string().regex(/^f[0-9]+$/);
export const ImportRequestSchema = z.object({
  files: z.array(z.object({ fileId: FileIdSchema, read: ReadOptionsSchema, mapping: FileMappingSchema })).min(1),
});
export type ImportRequest = z.infer<typeof ImportRequestSchema>;

export const IssueActionSchema = z.enum([
  'row rejected',
  'value set to missing',
  'value coerced',
  'blank kept as missing',
]);
export const ImportIssueSchema = z.object({
  file: z.string(),
  /** Physical line (CSV, NDJSON), sheet row (XLSX) or row number (Parquet, JSON array). */
  line: z.number().int(),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
  action: IssueActionSchema,
});
export type ImportIssue = z.infer<typeof ImportIssueSchema>;

export const ImportFileSummarySchema = z.object({
  file: z.string(),
  entity: EntityIdSchema,
  /** What `line` counts in this file's issues. */
  location: z.enum(['line', 'row', 'record']),
  rowsRead: z.number().int(),
  rowsLoaded: z.number().int(),
  rowsRejected: z.number().int(),
  valuesChanged: z.number().int(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
});

export const ImportReportSchema = z.object({
  files: z.array(ImportFileSummarySchema),
  /** Issue counts grouped by file, column and reason, most frequent first. */
  groups: z.array(
    z.object({
      file: z.string(),
      column: z.string(),
      reason: z.string(),
      action: IssueActionSchema,
      count: z.number().int(),
      firstLine: z.number().int(),
      example: z.string(),
    }),
  ),
  total: z.number().int(),
  issues: z.array(ImportIssueSchema),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** How well an imported score history covers the snapshots (scoreHistoryCoverage). */
export const ScoreCoverageSchema = z.object({
  /** A score is in force at a snapshot when dated on or before it and at most this many days old. */
  staleDays: z.number().int(),
  latestSnapshot: z.string(),
  /** Accounts in the latest snapshot, and those of them with a score in force there. */
  accountsAtLatest: z.number().int(),
  scoredAtLatest: z.number().int(),
  /** Every (account, snapshot date) of the frame, and those with a score in force. */
  snapshots: z.number().int(),
  scoredSnapshots: z.number().int(),
});
export type ScoreCoverage = z.infer<typeof ScoreCoverageSchema>;

export const DataQualitySchema = z.object({
  asOf: z.string(),
  accounts: z.number().int(),
  sources: z.array(
    z.object({
      table: z.string(),
      rows: z.number().int(),
      accountsCovered: z.number().int(),
      coverage: z.number(),
      lastDate: z.string().nullable(),
      daysStale: z.number().nullable(),
    }),
  ),
  signals: z.array(z.object({ signal: z.string(), label: z.string(), coverage: z.number() })),
  accountsWithoutUsage: z.number().int(),
  /** Accounts too new or too sparsely observed to score honestly at the latest date. */
  insufficientData: z.number().int(),
  insufficientExamples: z.array(z.string()),
  rejectedUnknownAccount: z.array(z.object({ file: z.string(), rows: z.number().int() })),
  /** The outcomes a backtest can judge the score against: with neither, it has nothing to judge. */
  outcomeEvents: z.object({
    /** Churns the churn rows, churned yes/no columns and subscription ends make, as the backtest counts them. */
    churns: z.number().int(),
    /** Renewals of loaded accounts, dated by the end of the data, that did not happen (renewed = no). */
    missedRenewals: z.number().int(),
  }),
  /** What every churn row and subscription did to the outcomes (churn as episodes), at the default grace period. */
  outcomes: z
    .object({
      graceDays: z.number().int(),
      churnRows: z.number().int(),
      churnRowEffects: z.array(z.object({ effect: z.string(), rows: z.number().int(), used: z.boolean() })),
      subscriptionRows: z.number().int(),
      accountsBySubscriptions: z.number().int(),
      accountsWithoutSubscriptions: z.number().int(),
      episodes: z.number().int(),
      reactivations: z.number().int(),
      churnsFromEvents: z.number().int(),
      churnsFromSubscriptions: z.number().int(),
      conflictAccounts: z.number().int(),
      conflictExamples: z.array(z.string()),
    })
    .optional(),
  /** Present when a score history was loaded: its rows, accounts and date range, and how it covers the snapshots. */
  scoreHistory: ScoreCoverageSchema.extend({
    rows: z.number().int(),
    accounts: z.number().int(),
    firstDate: z.string(),
    lastDate: z.string(),
  }).optional(),
  /**
   * Per file whose churn flag dated churned rows at the export date (they had no churn date): how many
   * rows (accounts, for an accounts file) were dated so and still count.
   */
  exportDated: z.array(
    z.object({ file: z.string(), entity: EntityIdSchema, asOf: z.string(), rows: z.number().int() }),
  ),
});
export type DataQuality = z.infer<typeof DataQualitySchema>;

export const WorkspaceNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(80)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name may not hold
  .regex(/^[^/\\:*?"<>|\u0000-\u001f]+$/, 'a name without / \\ : * ? " < > |');
export const WorkspaceSummarySchema = z.object({
  name: z.string(),
  savedAt: z.string(),
  source: z.string(),
  accounts: z.number().int(),
});
export const WorkspaceListSchema = z.object({
  current: z.string().nullable(),
  recent: z.array(WorkspaceSummarySchema),
  all: z.array(WorkspaceSummarySchema),
});
/** What a workspace keeps besides the data: the mapping it was loaded with and the analyst's scenarios. */
export const ProjectStateSchema = z.object({
  mapping: MappingFileSchema.nullable(),
  scenarios: z.array(
    z.object({ name: z.string(), config: z.unknown(), backtest: z.unknown(), savedAt: z.string().optional() }),
  ),
});
export type ProjectState = z.infer<typeof ProjectStateSchema>;
