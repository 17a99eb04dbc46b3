/**
 * A custom signal: one column of a mapped event table (or its rows), aggregated over a window
 * ending at the snapshot date and optionally compared with something. Defined in the
 * configuration (`customSignals`), so it travels with the approved file and the warehouse SQL;
 * categories then list it by id like a built-in. The SQL is engine/core/signals/customSql.ts.
 */
import { z } from 'zod';
import { CATEGORY_IDS } from '../../signals/catalog.js';
import { EXTRA_COLUMN } from '../../import/extraColumns.js';
import { CUSTOM_TABLE_NAMES, customColumn, type CustomColumnKind } from '../../signals/customTables.js';

/** `custom.` and a lower-case name; the name (with a `custom_` prefix) is its SQL column, within PostgreSQL's 63 characters. */
export const CustomSignalIdSchema = z.templateLiteral(['custom.', z.string().regex(/^[a-z][a-z0-9_]{0,39}$/)]);
export type CustomSignalId = z.infer<typeof CustomSignalIdSchema>;

export const CUSTOM_AGGREGATIONS = [
  'sum',
  'count',
  'distinct_count',
  'mean',
  'min',
  'max',
  'last',
  'share_true',
] as const;
export type CustomAggregation = (typeof CUSTOM_AGGREGATIONS)[number];

/**
 * value: the aggregate itself. trend: it over the window divided by it over the window of the same
 * length just before. last_year: divided by the same window 365 days earlier. per_seat: divided by
 * the account's licensed seats (accounts export). per_active_user: divided by the mean active users
 * of the account's usage rows in the same window.
 */
export const CUSTOM_COMPARISONS = ['value', 'trend', 'last_year', 'per_seat', 'per_active_user'] as const;
export type CustomComparison = (typeof CUSTOM_COMPARISONS)[number];

/** Which column kinds each aggregation reads (count reads rows when no column is given); the app offers only these. */
export const AGGREGATION_READS: Readonly<Record<CustomAggregation, readonly CustomColumnKind[]>> = {
  sum: ['number'],
  mean: ['number'],
  min: ['number'],
  max: ['number'],
  last: ['number', 'boolean'],
  share_true: ['boolean'],
  count: ['number', 'boolean', 'category', 'id'],
  distinct_count: ['number', 'boolean', 'category', 'id'],
};

/** Keep only rows whose category is one of `equals` (trimmed, any case), or whose flag is `is`. */
const WhereSchema = z.union([
  z.strictObject({ column: z.string().min(1), equals: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ column: z.string().min(1), is: z.boolean() }),
]);

export const CustomSignalSchema = z
  .strictObject({
    id: CustomSignalIdSchema,
    label: z.string().trim().min(1),
    category: z.enum(CATEGORY_IDS),
    table: z.enum(CUSTOM_TABLE_NAMES),
    /** Absent: count the rows. An extra column kept at import is named as stored (`x_plan_tier`). */
    column: z.string().min(1).optional(),
    aggregation: z.enum(CUSTOM_AGGREGATIONS),
    where: WhereSchema.optional(),
    /** Whole days ending at (and including) the snapshot date, or every row up to it. */
    window: z.union([z.number().int().min(7).max(365), z.literal('since_start')]),
    comparison: z.enum(CUSTOM_COMPARISONS),
    /** What a higher raw value means for the account: what the description says and a default normalisation follows. */
    direction: z.enum(['higher_is_healthier', 'higher_is_riskier']),
  })
  .superRefine((s, ctx) => {
    // An extra column kept at import (x_…): its kind is the loaded data's, checked when the signal is built.
    const extra = (c: string) => EXTRA_COLUMN.test(c);
    const col = s.column === undefined || extra(s.column) ? undefined : customColumn(s.table, s.column);
    if (s.column !== undefined && !col && !extra(s.column)) {
      ctx.addIssue({ code: 'custom', message: `${s.table} has no column "${s.column}"`, path: ['column'] });
    } else if (s.column === undefined && s.aggregation !== 'count') {
      ctx.addIssue({ code: 'custom', message: `${s.aggregation} needs a column`, path: ['column'] });
    } else if (col && !AGGREGATION_READS[s.aggregation].includes(col.kind)) {
      ctx.addIssue({
        code: 'custom',
        message: `${s.aggregation} reads ${AGGREGATION_READS[s.aggregation].join(' or ')} columns; ${s.table}.${s.column} is ${col.kind}`,
        path: ['aggregation'],
      });
    }
    if (s.where && !extra(s.where.column)) {
      const w = customColumn(s.table, s.where.column);
      const want = 'equals' in s.where ? 'category' : 'boolean';
      if (w?.kind !== want)
        ctx.addIssue({
          code: 'custom',
          message: `${s.table}.${s.where.column} is ${w ? `a ${w.kind} column` : 'not a column'}; ${'equals' in s.where ? 'equals' : 'is'} filters a ${want} column`,
          path: ['where', 'column'],
        });
    }
    if (s.table === 'accounts' && (s.comparison === 'trend' || s.comparison === 'last_year'))
      ctx.addIssue({
        code: 'custom',
        message: `the accounts file holds one value per account, as exported: there is no earlier window to compare with; compare by value or per seat`,
        path: ['comparison'],
      });
    else if (s.window === 'since_start' && (s.comparison === 'trend' || s.comparison === 'last_year'))
      ctx.addIssue({
        code: 'custom',
        message: `${s.comparison} compares two windows of a set length; give window a number of days`,
        path: ['comparison'],
      });
  });
export type CustomSignal = z.infer<typeof CustomSignalSchema>;
