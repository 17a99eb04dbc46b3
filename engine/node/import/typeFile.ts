/**
 * Stage one file as text, parse it by its mapping and log every value that is
 * blank, unparsed, impossible or coerced, in a handful of passes: one that
 * writes the typed rows (final values, impossible ones already missing) and
 * flags each row some check may select, one that takes the flagged rows' text
 * and parsed values, and the checks over those rows in one statement. Also the
 * helpers every later check uses to log an issue against a typed file or skip the
 * rows already rejected.
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

export interface Typed {
  idx: number;
  input: ImportInput;
  staged: StagedFile;
  /** The typed rows: ord (the staged row), one column per mapped role with its final value, and `flagged`. */
  table: string;
  /** The flagged rows: ord, and per role its text ("<role>__raw") and value before range rules ("<role>__p"). */
  flagged: string;
  fields: FieldSpec[];
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

/** The typed rows (x) with their staged text (s.c0, s.c1, …): for the few checks that quote a file's own text. */
export const withText = (t: Typed) => `${t.table} x JOIN ${t.staged.table} s ON s.rowid = x.ord`;

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

/** Stage, parse and check one file; its typed rows are left in table typed_<idx>. */
export async function typeFile(
  db: Database,
  idx: number,
  original: ImportInput,
  poll: (p: Promise<unknown>) => Promise<unknown>,
): Promise<Typed> {
  const input = withExtraRoles(original);
  const staged = await stageFile(db, input.path, idx, input.label, input.read, input.columns, `stg_${idx}`, poll);
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
  await writeTyped(db, staged.table, table, flagged, fields, raws, sqlOf(styles));
  const withComma = await columnsWithComma(db, flagged, numeric, fields, raws);
  if (withComma.length > 0) {
    styles = new Map([...styles, ...(await numberStyles(db, staged.table, withComma))]);
    await writeTyped(db, staged.table, table, flagged, fields, raws, sqlOf(styles));
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
  return { idx, input, staged, table, flagged, fields };
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
  const parse = (f: FieldSpec) => `${parsedSql(sql(f, raws.get(f.role)!, ''))} AS ${parsedName(f)}`;
  // The text columns the parse reads (a date the user gave is a literal, no column).
  const columns = [...new Set(fields.filter((f) => !sql(f, '', '').given).map((f) => raws.get(f.role)!))];
  const finals = fields.map((f) => `${finalSql(sql(f, raws.get(f.role)!, parsedName(f)))} AS ${q(f.role)}`);
  const when = fields.flatMap((f) => flagConditions(sql(f, raws.get(f.role)!, parsedName(f))));
  const flag = when.length > 0 ? `CASE ${when.map((w) => `WHEN ${w} THEN true`).join(' ')} ELSE false END` : 'false';
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT ord, ${[...finals, `${flag} AS flagged`].join(', ')}
    FROM (SELECT rowid AS ord, ${[...columns, ...fields.map(parse)].join(', ')} FROM ${staged})`);
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${flagged} AS
    SELECT rowid AS ord, ${[...fields.map((f) => `${raws.get(f.role)!} AS ${rawName(f)}`), ...fields.map(parse)].join(', ')}
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
