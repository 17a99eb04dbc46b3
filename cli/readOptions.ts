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
import { takesExportDate } from '../engine/core/import/exportDate.js';
import { compileDatePattern } from '../engine/core/import/dateFormats.js';
import { UsageError } from '../engine/node/commandLine.js';

export interface ReadFlags {
  'skip-rows'?: string;
  'header-row'?: string;
  sheet?: string;
  encoding?: string;
  'date-format'?: string;
  /** Not --as-of: score and sql already take that for the snapshot date. */
  'export-date'?: string;
  /** The older name of --export-date. */
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

/** The export date the options give (--export-date, or its older name --churn-as-of), checked; undefined when neither. */
export function exportDateOption(o: ReadFlags): string | undefined {
  const asOf = o['export-date'];
  const old = o['churn-as-of'];
  if (asOf !== undefined && old !== undefined && asOf !== old)
    throw new UsageError(`--export-date ${asOf} and --churn-as-of ${old} are the same option: give one`);
  const day = asOf ?? old;
  if (day === undefined) return undefined;
  const flag = asOf !== undefined ? '--export-date' : '--churn-as-of';
  if (!FileMappingSchema.shape.asOf.safeParse(day).success)
    throw new UsageError(`${flag} must be a date as YYYY-MM-DD, got ${day}`);
  return day;
}

/**
 * --export-date: the export date set on every mapping whose rows lack a date it needs (a churn flag, whose
 * churned rows without a churn date it dates; a score extract without a score date; a tenure column, whose
 * months count each account's start back from it). Given where no
 * file takes it, it would do nothing, which is a usage error rather than a silent no-op.
 */
export function withExportDate<C extends { mapping: FileMapping }>(choices: readonly C[], o: ReadFlags): C[] {
  const day = exportDateOption(o);
  if (day === undefined) return [...choices];
  if (!choices.some((c) => takesExportDate(c.mapping)))
    throw new UsageError(
      `--export-date: no file needs an export date (none has a churn flag or status column or a tenure column mapped, nor is a score extract without a score date); map one, or leave the option out`,
    );
  return choices.map((c) => (takesExportDate(c.mapping) ? { ...c, mapping: { ...c.mapping, asOf: day } } : c));
}
