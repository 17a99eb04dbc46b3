/**
 * The CLI's read options (--skip-rows, --header-row, --sheet, --encoding,
 * --date-format) as the ReadOptions fields they set for every file, checked
 * with the schema's own rules so a bad value is a usage error naming the option.
 */
import {
  FileMappingSchema,
  ReadOptionsSchema,
  type FileMapping,
  type ReadOptions,
} from '../engine/core/api/importSchema.js';
import { CHURN_FLAG_ROLE } from '../engine/core/import/churnFlag.js';
import { compileDatePattern } from '../engine/core/import/dateFormats.js';
import { UsageError } from '../engine/node/commandLine.js';

export interface ReadFlags {
  'skip-rows'?: string;
  'header-row'?: string;
  sheet?: string;
  encoding?: string;
  'date-format'?: string;
  'churn-as-of'?: string;
}

const ENCODINGS = ReadOptionsSchema.shape.encoding.unwrap().options;

function whole(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < min || n > 10_000)
    throw new UsageError(`--${name} must be a whole number from ${min} to 10000, got ${v}`);
  return n;
}

export function readOptionsFrom(o: ReadFlags): Partial<ReadOptions> {
  const out: Partial<ReadOptions> = {};
  if (o['skip-rows'] !== undefined && o['header-row'] !== undefined)
    throw new UsageError('give --skip-rows or --header-row, not both (--header-row N skips N-1 rows)');
  if (o['skip-rows'] !== undefined) out.skipRows = whole('skip-rows', o['skip-rows'], 0);
  if (o['header-row'] !== undefined) {
    out.skipRows = whole('header-row', o['header-row'], 1) - 1;
    out.header = true;
  }
  if (o.sheet !== undefined) out.sheet = o.sheet;
  if (o.encoding !== undefined) {
    const e = o.encoding.toLowerCase();
    if (!(ENCODINGS as readonly string[]).includes(e))
      throw new UsageError(`--encoding must be one of ${ENCODINGS.join(', ')}, got ${o.encoding}`);
    out.encoding = e as NonNullable<ReadOptions['encoding']>;
  }
  if (o['date-format'] !== undefined) {
    const c = compileDatePattern(o['date-format']);
    if (typeof c === 'string') throw new UsageError(`--date-format: ${c}`);
    out.datePattern = o['date-format'];
  }
  return out;
}

/**
 * --churn-as-of: the export date set on every mapping with a churn flag column. Given with no
 * such column it would do nothing, which is a usage error rather than a silent no-op.
 */
export function withChurnAsOf<C extends { mapping: FileMapping }>(choices: readonly C[], o: ReadFlags): C[] {
  const day = o['churn-as-of'];
  if (day === undefined) return [...choices];
  const parsed = FileMappingSchema.shape.churnAsOf.safeParse(day);
  if (!parsed.success) throw new UsageError(`--churn-as-of must be a date as YYYY-MM-DD, got ${day}`);
  if (!choices.some((c) => c.mapping.columns[CHURN_FLAG_ROLE] !== undefined))
    throw new UsageError(
      '--churn-as-of: no file has a churn flag or status column mapped (Churned); map one, or leave the option out',
    );
  return choices.map((c) =>
    c.mapping.columns[CHURN_FLAG_ROLE] !== undefined ? { ...c, mapping: { ...c.mapping, churnAsOf: day } } : c,
  );
}
