/**
 * What a custom signal reads, against what the loaded data carries: the fixed columns of
 * customTables.ts, and the extra columns an import kept (`x_…`, engine/core/import/extraColumns.ts),
 * whose kind only the data knows. The snapshot build, the CLI and the warehouse SQL check a
 * configuration's signals here first, so a signal on a column the data lacks fails with its name
 * and its table instead of a database error.
 */
import { AGGREGATION_READS, type CustomSignal } from '../api/schema/customSignal.js';
import { EXTRA_COLUMN, type ExtraKind } from '../import/extraColumns.js';
import {
  CUSTOM_TABLES,
  customColumn,
  type CustomColumn,
  type CustomColumnKind,
  type CustomTableName,
} from './customTables.js';

/** Per custom table, its extra columns and their kinds (absent table: none). */
export type ExtraColumnKinds = Readonly<Partial<Record<CustomTableName, Readonly<Record<string, ExtraKind>>>>>;

/** The column as the data has it: a fixed one, or an extra the import kept; undefined when neither. */
export function resolveCustomColumn(
  table: CustomTableName,
  column: string,
  extras: ExtraColumnKinds,
): CustomColumn | undefined {
  if (!EXTRA_COLUMN.test(column)) return customColumn(table, column);
  const cols = extras[table] ?? {};
  return Object.hasOwn(cols, column) ? { kind: cols[column]!, label: column } : undefined;
}

const article = (kind: CustomColumnKind) => (kind === 'id' ? 'an id' : `a ${kind}`);

/** Each signal that reads an extra column the data lacks, or of a kind its aggregation or filter cannot read. */
export function customColumnProblems(signals: readonly CustomSignal[], extras: ExtraColumnKinds): string[] {
  const out: string[] = [];
  for (const s of signals) {
    const table = `${s.table} (${CUSTOM_TABLES[s.table].label})`;
    // Product events are filled from the usage event export that keeps extra columns.
    const file = s.table === 'product_events' ? 'usage event export' : `${s.table} file`;
    const missing = (c: string) =>
      `Custom signal ${s.id} ("${s.label}") reads ${c} of ${table}, which the loaded data does not have: keep the column as an extra column named ${c.slice(2)} in the ${file}'s mapping and import again, or change the signal`;
    if (s.column !== undefined && EXTRA_COLUMN.test(s.column)) {
      const col = resolveCustomColumn(s.table, s.column, extras);
      if (!col) out.push(missing(s.column));
      else if (!AGGREGATION_READS[s.aggregation].includes(col.kind))
        out.push(
          `Custom signal ${s.id} ("${s.label}"): ${s.aggregation} reads ${AGGREGATION_READS[s.aggregation].join(' or ')} columns, but ${s.column} of ${table} is ${article(col.kind)} column: pick another aggregation or column`,
        );
    }
    if (s.where && EXTRA_COLUMN.test(s.where.column)) {
      const w = resolveCustomColumn(s.table, s.where.column, extras);
      const want = 'equals' in s.where ? 'category' : 'boolean';
      if (!w) out.push(missing(s.where.column));
      else if (w.kind !== want)
        out.push(
          `Custom signal ${s.id} ("${s.label}"): its filter on ${s.where.column} of ${table} needs ${article(want)} column, and it is ${article(w.kind)} column: ${w.kind === 'boolean' ? 'filter with "is"' : w.kind === 'category' ? 'filter with "equals"' : 'filter on a category or boolean column'}`,
        );
    }
  }
  return out;
}

/** Throw the problems of customColumnProblems as one error, one line each. */
export function requireCustomColumns(signals: readonly CustomSignal[], extras: ExtraColumnKinds): void {
  const problems = customColumnProblems(signals, extras);
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** The extra columns the signals read, as table.column, in order of first use: what a warehouse table must carry. */
export function extraColumnsRead(signals: readonly CustomSignal[]): string[] {
  const out = new Set<string>();
  for (const s of signals)
    for (const c of [s.column, s.where?.column])
      if (c !== undefined && EXTRA_COLUMN.test(c)) out.add(`${s.table}.${c}`);
  return [...out];
}
