/**
 * Read one file, parse it by its mapping and log every value that is blank,
 * unparsed, impossible or coerced, in a handful of passes: one that writes the
 * typed rows (final values, impossible ones already missing) and flags each row
 * some check may select, one that takes the flagged rows' text and parsed
 * values, and the checks over those rows in one statement. Also the helpers
 * every later check uses to log an issue against a typed file or skip the rows
 * already rejected.
 *
 * A CSV whose text no later step reads is typed straight from the reader: no
 * text table is written, the flagged rows keep their text in a list column,
 * and the typed rows are laid out as their canonical table, so that loading
 * them is a rename (canonical.ts). Every other file is staged as text first.
 */
import type { Database } from '../data/duckdb.js';
import { sqlString } from '../data/duckdb.js';
import type { FileMapping } from '../../core/api/importSchema.js';
import { churnFlagProblems } from '../../core/import/churnFlag.js';
import { exportDateProblems, exportDateUse, SCORE_DATE_ROLE } from '../../core/import/exportDate.js';
import { entitySpec, type FieldSpec } from '../../core/import/entities.js';
import { extraColumnName, extraColumnProblems, extraField } from '../../core/import/extraColumns.js';
import { missingRequiredFields } from '../../core/import/relations.js';
import {
  flagConditions,
  finalSql,
  numberStyles,
  parsedSql,
  requiredHere,
  valueChecks,
  type FieldSql,
  type NumberStyle,
} from './fieldSql.js';
import { ISSUES_TABLE } from './issues.js';
import type { ImportInput } from './importFiles.js';
import { stageFile, type StagedFile } from './stage.js';
import { EXPORT_TABLES, type TableSpec } from '../data/exportTables.js';

export interface Typed {
  idx: number;
  input: ImportInput;
  staged: StagedFile;
  /** The typed rows: ord (the staged row), one column per mapped role with its final value, and `flagged`. */
  table: string;
  /** The flagged rows: ord, and per role its text ("<role>__raw") and value before range rules ("<role>__p"). */
  flagged: string;
  fields: FieldSpec[];
  /**
   * Typed straight from the reader: `table` is a view (rowid as ord) over this table, which holds the
   * entity's canonical columns in order, then `flagged` and `row_text` (the flagged rows' text).
   */
  rows?: { table: string; spec: TableSpec };
  /** Once the rows have become their canonical table: the date range the summary reports. */
  moved?: { firstDate: string | null; lastDate: string | null };
}

export async function scalar(db: Database, sql: string): Promise<number> {
  const r = await db.conn.runAndReadAll(sql);
  return Number(r.getColumns()[0]![0] ?? 0);
}

/** Log an issue for every typed row of `t` matching `where` (columns of the typed table, unqualified). */
export async function issue(
  db: Database,
  t: Typed,
  column: string,
  valueSql: string,
  reasonSql: string,
  action: string,
  where: string,
): Promise<void> {
  await db.conn
    .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, ord, NULL, ${sqlString(column)}, coalesce(${valueSql}, ''), ${reasonSql}, ${sqlString(action)}
    FROM ${t.table} WHERE ${where}`);
}

/** The ordinals of `t`'s rows rejected so far, as a SQL subquery. */
export const rejectedOrds = (t: Typed) =>
  `(SELECT ord FROM ${ISSUES_TABLE} WHERE file_idx = ${t.idx} AND action = 'row rejected' AND ord IS NOT NULL)`;

/** The staged text table of a file some later step reads the text of (see needsText in importFiles). */
export function textTable(t: { input: ImportInput; staged: { table: string | null } }): string {
  if (t.staged.table === null) throw new Error(`${t.input.label}: the file's text was not kept (internal error)`);
  return t.staged.table;
}

/** The typed rows (x) with their staged text (s.c0, s.c1, …): for the few checks that quote a file's own text. */
export const withText = (t: Typed) => `${t.table} x JOIN ${textTable(t)} s ON s.rowid = x.ord`;

/** The column a role reads, as the issue log names it; the export date the user gave (asOf) has none. */
export const columnLabel = (m: FileMapping, role: string): string =>
  m.columns[role] ?? (m.asOf !== undefined ? `(export date ${m.asOf})` : role);

/** The staged text column (c0, c1, …) a field is mapped to. */
export function rawColumn(input: ImportInput, f: FieldSpec): string {
  const k = input.columns.indexOf(input.mapping.columns[f.role]!);
  if (k < 0)
    throw new Error(
      `${input.label}: column ${JSON.stringify(input.mapping.columns[f.role])} (mapped to ${f.label}) is not in the file`,
    );
  return `c${k}`;
}

/**
 * The mapping with each extra column as one more role (its stored name, x_…), so it is parsed, checked,
 * logged and compared for duplicates like a canonical field; a column the file lacks is named.
 */
function withExtraRoles(input: ImportInput): ImportInput {
  const extras = input.mapping.extras ?? [];
  if (extras.length === 0) return input;
  const problem = extraColumnProblems(input.mapping.entity, extras)[0];
  if (problem) throw new Error(`${input.label}: ${problem}`);
  const lacking = extras.find((e) => !input.columns.includes(e.column));
  if (lacking)
    throw new Error(
      `${input.label}: column ${JSON.stringify(lacking.column)} (kept as ${extraColumnName(lacking.name)}) is not in the file`,
    );
  const roles = Object.fromEntries(extras.map((e) => [extraColumnName(e.name), e.column]));
  return { ...input, mapping: { ...input.mapping, columns: { ...input.mapping.columns, ...roles } } };
}

const q = (name: string) => `"${name}"`;
const rawName = (f: FieldSpec) => q(`${f.role}__raw`);
const parsedName = (f: FieldSpec) => q(`${f.role}__p`);

/**
 * Stage, parse and check one file; its typed rows are left in typed_<idx> (a table, or a view over
 * rows_<idx> when `keepText` is false and the file is a CSV: see the module's comment).
 */
export async function typeFile(
  db: Database,
  idx: number,
  original: ImportInput,
  poll: (p: Promise<unknown>) => Promise<unknown>,
  keepText = true,
): Promise<Typed> {
  const input = withExtraRoles(original);
  const spec = entitySpec(input.mapping.entity);
  const table = `typed_${idx}`;
  const flagged = `flagged_${idx}`;
  const asOf = input.mapping.asOf;
  const dateProblem = exportDateProblems(input.mapping)[0];
  if (dateProblem) throw new Error(`${input.label}: ${dateProblem}`);
  // A score extract without a date column: every row is as of the export date the user gave.
  const given = (f: FieldSpec) =>
    asOf !== undefined && f.role === SCORE_DATE_ROLE && exportDateUse(input.mapping) === 'scores';
  const fields = [
    ...spec.fields.filter((f) => input.mapping.columns[f.role] !== undefined || given(f)),
    ...(input.mapping.extras ?? []).map(extraField),
  ];
  const missing = missingRequiredFields(input.mapping)[0];
  if (missing)
    throw new Error(`${input.label}: the mapping has no column for ${missing.label}, which ${spec.label} needs`);
  const flagProblem = churnFlagProblems(input.mapping)[0];
  if (flagProblem) throw new Error(`${input.label}: ${flagProblem}`);
  // A given date's "text" is the date itself, the same on every row.
  const raws = new Map(fields.map((f) => [f.role, given(f) ? sqlString(asOf!) : rawColumn(input, f)]));
  const numeric = [
    ...new Set(fields.filter((f) => f.type === 'number' || f.type === 'count').map((f) => raws.get(f.role)!)),
  ];
  const sqlOf = (styles: Map<string, NumberStyle>) => (f: FieldSpec, raw: string, p: string) =>
    ({
      entity: input.mapping.entity,
      field: f,
      mapping: input.mapping,
      style: styles.get(raws.get(f.role)!) ?? 'plain',
      datePattern: input.read.datePattern,
      required: requiredHere(input.mapping, f),
      given: given(f),
      raw,
      p,
    }) satisfies FieldSql;
  // Most exports write numbers without commas: read every column plainly first, and judge the style
  // (one more pass over the text) only of a column whose flagged rows show a comma.
  let styles = new Map<string, NumberStyle>(numeric.map((raw) => [raw, 'plain']));
  const layout = keepText ? undefined : canonicalLayout(input);
  const rows = `rows_${idx}`;
  let staged = await stageFile(
    db,
    input.path,
    idx,
    input.label,
    input.read,
    input.columns,
    `stg_${idx}`,
    poll,
    layout ? { table: rows, select: (source) => typedSelect(source, fields, raws, sqlOf(styles), layout) } : undefined,
  );
  let direct = staged.table === null ? { table: rows, spec: layout! } : undefined;
  if (direct) await writeFlagged(db, direct.table, table, flagged, fields, raws, sqlOf(styles));
  else await writeTyped(db, staged.table!, table, flagged, fields, raws, sqlOf(styles));
  const withComma = await columnsWithComma(db, flagged, numeric, fields, raws);
  if (withComma.length > 0) {
    if (direct) {
      // The style needs every value's text: read the file again as text and type it from there, as any staged file.
      const text = `stg_${idx}`;
      await db.conn.run(`DROP VIEW ${table}; DROP TABLE ${direct.table}`);
      await staged.stageText!(text);
      staged = { ...staged, table: text };
      direct = undefined;
    }
    styles = new Map([...styles, ...(await numberStyles(db, staged.table!, withComma))]);
    await writeTyped(db, staged.table!, table, flagged, fields, raws, sqlOf(styles));
  }
  const sql = sqlOf(styles);
  const checks = fields.flatMap((f) =>
    valueChecks(sql(f, rawName(f), parsedName(f))).map(
      (c) =>
        `SELECT ${idx}, ${sqlString(input.label)}, ord, NULL, ${sqlString(columnLabel(input.mapping, f.role))}, coalesce(${rawName(f)}, ''), ${c.reasonSql}, ${sqlString(c.action)}
        FROM ${flagged} WHERE ${c.where}`,
    ),
  );
  if (checks.length > 0) await db.conn.run(`INSERT INTO ${ISSUES_TABLE} ${checks.join(' UNION ALL ')}`);
  return { idx, input, staged, table, flagged, fields, ...(direct ? { rows: direct } : {}) };
}

/**
 * The canonical table a file's typed rows can be written as, or undefined: a usage event file is
 * summed per day and a lookup file fills no table, so theirs are copied (or not loaded) as before.
 */
function canonicalLayout(input: ImportInput): TableSpec | undefined {
  // Extra columns are added to the canonical table as its rows are copied in (insertRows.ts).
  if (input.read.format !== 'csv' || input.mapping.entity === 'usage_events' || (input.mapping.extras ?? []).length > 0)
    return undefined;
  return EXPORT_TABLES.find((s) => s.name === entitySpec(input.mapping.entity).table);
}

/** Each field's parsed value (`<role>__p`) from its text column, beside the text columns the parse reads. */
function parsedColumns(
  fields: readonly FieldSpec[],
  raws: ReadonlyMap<string, string>,
  sql: (f: FieldSpec, raw: string, p: string) => FieldSql,
): { columns: string[]; parse: string[] } {
  // The text columns the parse reads (a date the user gave is a literal, no column).
  const columns = [...new Set(fields.filter((f) => !sql(f, '', '').given).map((f) => raws.get(f.role)!))];
  return { columns, parse: fields.map((f) => `${parsedSql(sql(f, raws.get(f.role)!, ''))} AS ${parsedName(f)}`) };
}

/** The row's flag: one of the conditions some value check selects holds (flagConditions). */
function flagSql(
  fields: readonly FieldSpec[],
  raws: ReadonlyMap<string, string>,
  sql: (f: FieldSpec, raw: string, p: string) => FieldSql,
): string {
  const when = fields.flatMap((f) => flagConditions(sql(f, raws.get(f.role)!, parsedName(f))));
  return when.length > 0 ? `CASE ${when.map((w) => `WHEN ${w} THEN true`).join(' ')} ELSE false END` : 'false';
}

/**
 * The typed rows straight from the reader, in the canonical table's layout: each canonical column
 * the final value of its role cast to the column's type (as the copy into it did), or missing when
 * unmapped; then the roles it has no column for, `flagged`, and the flagged rows' text as a list
 * (one entry per text column the parse reads), which the other rows leave missing.
 */
function typedSelect(
  source: string,
  fields: readonly FieldSpec[],
  raws: ReadonlyMap<string, string>,
  sql: (f: FieldSpec, raw: string, p: string) => FieldSql,
  spec: TableSpec,
): string {
  const { columns, parse } = parsedColumns(fields, raws, sql);
  const final = (f: FieldSpec) => finalSql(sql(f, raws.get(f.role)!, parsedName(f)));
  const byRole = new Map(fields.map((f) => [f.role, f]));
  const canonical = Object.entries(spec.columns).map(([c, type]) => {
    const f = byRole.get(c);
    return f ? `CAST(${final(f)} AS ${type}) AS ${q(c)}` : `NULL::${type} AS ${q(c)}`;
  });
  const extra = fields.filter((f) => !(f.role in spec.columns));
  const names = [...Object.keys(spec.columns), ...extra.map((f) => f.role)].map(q);
  const text = columns.length > 0 ? `CASE WHEN flagged THEN [${columns.join(', ')}] END` : 'NULL::VARCHAR[]';
  return `SELECT ${[...names, 'flagged', `${text} AS row_text`].join(', ')}
    FROM (SELECT ${[...canonical, ...extra.map((f) => `${final(f)} AS ${q(f.role)}`), `${flagSql(fields, raws, sql)} AS flagged`, ...columns].join(', ')}
    FROM (SELECT ${[...columns, ...parse].join(', ')} FROM ${source}))`;
}

/** For rows typed straight from the reader: the view with ord, and the flagged rows from their kept text. */
async function writeFlagged(
  db: Database,
  rows: string,
  table: string,
  flagged: string,
  fields: readonly FieldSpec[],
  raws: ReadonlyMap<string, string>,
  sql: (f: FieldSpec, raw: string, p: string) => FieldSql,
): Promise<void> {
  const { columns } = parsedColumns(fields, raws, sql);
  // A field's text is its column's entry in the list (a given date is its literal, as in the staged text).
  const text = (f: FieldSpec) =>
    sql(f, '', '').given ? raws.get(f.role)! : `row_text[${columns.indexOf(raws.get(f.role)!) + 1}]`;
  await db.conn.run(`CREATE OR REPLACE VIEW ${table} AS SELECT rowid AS ord, * FROM ${rows}`);
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${flagged} AS
    SELECT ord, ${[...fields.map((f) => `${text(f)} AS ${rawName(f)}`), ...fields.map((f) => `${parsedSql(sql(f, text(f), ''))} AS ${parsedName(f)}`)].join(', ')}
    FROM (SELECT rowid AS ord, row_text FROM ${rows} WHERE flagged)`);
}

/**
 * One pass over the staged text: each field parsed once, its final value (impossible
 * ones missing) and the row's flag. Then the flagged rows, found by ordinal, parsed again
 * with their text kept: the table the checks read.
 */
async function writeTyped(
  db: Database,
  staged: string,
  table: string,
  flagged: string,
  fields: readonly FieldSpec[],
  raws: ReadonlyMap<string, string>,
  sql: (f: FieldSpec, raw: string, p: string) => FieldSql,
): Promise<void> {
  const { columns, parse } = parsedColumns(fields, raws, sql);
  const finals = fields.map((f) => `${finalSql(sql(f, raws.get(f.role)!, parsedName(f)))} AS ${q(f.role)}`);
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT ord, ${[...finals, `${flagSql(fields, raws, sql)} AS flagged`].join(', ')}
    FROM (SELECT rowid AS ord, ${[...columns, ...parse].join(', ')} FROM ${staged})`);
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${flagged} AS
    SELECT rowid AS ord, ${[...fields.map((f) => `${raws.get(f.role)!} AS ${rawName(f)}`), ...parse].join(', ')}
    FROM ${staged} WHERE rowid IN (SELECT ord FROM ${table} WHERE flagged)`);
}

/** The numeric columns (c0, c1, …) some flagged row of which has a comma (a plain read flags every such row). */
async function columnsWithComma(
  db: Database,
  flagged: string,
  numeric: readonly string[],
  fields: readonly FieldSpec[],
  raws: ReadonlyMap<string, string>,
): Promise<string[]> {
  if (numeric.length === 0) return [];
  // The flagged rows name their text by role: any role on the column will do.
  const text = numeric.map((raw) => rawName(fields.find((f) => raws.get(f.role) === raw)!));
  const row = (
    await db.conn.runAndReadAll(
      `SELECT ${text.map((t) => `count(*) FILTER (WHERE contains(${t}, ','))`).join(', ')} FROM ${flagged}`,
    )
  ).getRows()[0]!;
  return numeric.filter((_, i) => Number(row[i]) > 0);
}
