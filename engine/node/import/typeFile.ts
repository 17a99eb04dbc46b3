/**
 * Stage one file as text, parse it by its mapping and log every value that is
 * blank, unparsed, impossible or coerced, in a handful of passes: one over the
 * text for the numbers' style, one that writes the typed rows (final values,
 * with impossible ones already missing) and flags each row some check may
 * select, and the checks themselves over the flagged rows only.
 */
import type { Database } from '../data/duckdb.js';
import { sqlString } from '../data/duckdb.js';
import { entitySpec, type FieldSpec } from '../../core/import/entities.js';
import { missingRequiredFields } from '../../core/import/relations.js';
import { flagConditions, impossible, numberStyles, parseExpr, valueChecks, type FieldSql } from './fieldSql.js';
import { ISSUES_TABLE } from './issues.js';
import type { ImportInput } from './importFiles.js';
import { stageFile, type StagedFile } from './stage.js';

export interface Typed {
  idx: number;
  input: ImportInput;
  staged: StagedFile;
  /**
   * The typed rows: ord (the staged row), one column per mapped role with its final
   * value, `flagged`, and for flagged rows only "<role>__raw" and "<role>__p" (the text
   * and the value before range rules).
   */
  table: string;
  fields: FieldSpec[];
}

/** The staged text column (c0, c1, …) a field is mapped to. */
export function rawColumn(input: ImportInput, f: FieldSpec): string {
  const k = input.columns.indexOf(input.mapping.columns[f.role]!);
  if (k < 0)
    throw new Error(
      `${input.label}: column ${JSON.stringify(input.mapping.columns[f.role])} (mapped to ${f.label}) is not in the file`,
    );
  return `c${k}`;
}

/** Stage, parse and check one file; its typed rows are left in table typed_<idx>. */
export async function typeFile(
  db: Database,
  idx: number,
  input: ImportInput,
  poll: (p: Promise<unknown>) => Promise<unknown>,
): Promise<Typed> {
  const staged = await stageFile(db, input.path, idx, input.label, input.read, input.columns, `stg_${idx}`, poll);
  const spec = entitySpec(input.mapping.entity);
  const table = `typed_${idx}`;
  const fields = spec.fields.filter((f) => input.mapping.columns[f.role] !== undefined);
  const missing = missingRequiredFields(input.mapping)[0];
  if (missing)
    throw new Error(`${input.label}: the mapping has no column for ${missing.label}, which ${spec.label} needs`);
  const raws = new Map(fields.map((f) => [f.role, rawColumn(input, f)]));
  const numeric = fields.filter((f) => f.type === 'number' || f.type === 'count');
  const styles = await numberStyles(db, staged.table, [...new Set(numeric.map((f) => raws.get(f.role)!))]);
  const sql = (f: FieldSpec, raw: string, p: string): FieldSql => ({
    entity: input.mapping.entity,
    field: f,
    mapping: input.mapping,
    style: styles.get(raws.get(f.role)!) ?? 'thousands-comma',
    datePattern: input.read.datePattern,
    raw,
    p,
  });
  const q = (s: string) => `"${s}"`;
  const p = (f: FieldSpec) => q(`${f.role}__p`);
  // Inner: each field parsed once. Middle: final values and the flag. Outer: text and parsed value of flagged rows.
  const parsed = [
    'rowid AS ord',
    ...[...new Set(raws.values())],
    ...fields.map((f) => {
      const s = sql(f, raws.get(f.role)!, '');
      return `${parseExpr(f, s.raw, s.mapping, s.style, s.datePattern)} AS ${p(f)}`;
    }),
  ];
  const finals = fields.map((f) => {
    const range = impossible(input.mapping.entity, f, p(f));
    return range ? `CASE WHEN ${range.cond} THEN NULL ELSE ${p(f)} END AS ${q(f.role)}` : `${p(f)} AS ${q(f.role)}`;
  });
  const when = fields.flatMap((f) => flagConditions(sql(f, raws.get(f.role)!, p(f))));
  const flag = when.length > 0 ? `CASE ${when.map((w) => `WHEN ${w} THEN true`).join(' ')} ELSE false END` : 'false';
  const kept = fields.flatMap((f) => [
    `CASE WHEN flagged THEN ${raws.get(f.role)!} END AS ${q(`${f.role}__raw`)}`,
    `CASE WHEN flagged THEN ${p(f)} END AS ${p(f)}`,
  ]);
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT ord, ${fields.map((f) => q(f.role)).join(', ')}, flagged${kept.length > 0 ? `, ${kept.join(', ')}` : ''}
    FROM (SELECT *, ${[...finals, `${flag} AS flagged`].join(', ')}
          FROM (SELECT ${parsed.join(', ')} FROM ${staged.table}))`);
  // The checks, each over the flagged rows only, in one statement.
  const checks = fields.flatMap((f) =>
    valueChecks(sql(f, q(`${f.role}__raw`), p(f))).map(
      (c) =>
        `SELECT ${idx}, ${sqlString(input.label)}, ord, NULL, ${sqlString(input.mapping.columns[f.role]!)}, coalesce(${q(`${f.role}__raw`)}, ''), ${c.reasonSql}, ${sqlString(c.action)}
        FROM flagged_rows WHERE ${c.where}`,
    ),
  );
  if (checks.length > 0) {
    await db.conn.run(`CREATE OR REPLACE TEMP TABLE flagged_rows AS SELECT * FROM ${table} WHERE flagged`);
    await db.conn.run(`INSERT INTO ${ISSUES_TABLE} ${checks.join(' UNION ALL ')}`);
    await db.conn.run('DROP TABLE flagged_rows');
  }
  return { idx, input, staged, table, fields };
}
