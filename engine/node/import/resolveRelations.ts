/**
 * Give the rows of a file mapped through a relation (`mapping.via`) their
 * account: its column's value is looked up in the other file's key, whose row
 * has the account (directly, or through its own relation, resolved first).
 * Runs after every file is typed and the accounts are in, before the usual
 * checks. A row whose key is blank, not in the other file, only on a rejected
 * row of it, or tied to several accounts there, is rejected with its reason.
 */
import type { Database } from '../data/duckdb.js';
import { sqlString } from '../data/duckdb.js';
import type { AccountRelation } from '../../core/api/importSchema.js';
import { entitySpec, type FieldSpec } from '../../core/import/entities.js';
import { normaliseHeader } from '../../core/import/headers.js';
import { relationChain, relationProblems } from '../../core/import/relations.js';
import { ISSUES_TABLE } from './issues.js';
import type { ImportInput } from './importFiles.js';
import { textTable } from './typeFile.js';

/** What resolution needs of a typed file; its `input` and `fields` gain the account id. */
export interface RelatedFile {
  idx: number;
  input: ImportInput;
  /** The typed rows (ord, roles…). */
  table: string;
  /** The staged text (c0, c1, … by file column; rowid = ord): kept for every file a relation reads. */
  staged: { table: string | null };
  fields: FieldSpec[];
}

// A function declaration, not an arrow constant: Stryker switches its mutants per test.
function rejected(f: RelatedFile): string {
  return `(SELECT ord FROM ${ISSUES_TABLE} WHERE file_idx = ${f.idx} AND action = 'row rejected' AND ord IS NOT NULL)`;
}

function column(f: RelatedFile, name: string): string {
  const k = f.input.columns.indexOf(name);
  if (k < 0) throw new Error(`${f.input.label}: column ${JSON.stringify(name)} is not in the file`);
  return `c${k}`;
}

export async function resolveRelations(db: Database, files: RelatedFile[]): Promise<void> {
  const linked = files.filter((f) => f.input.mapping.via);
  if (linked.length === 0) return;
  const problems = relationProblems(
    files.map((f) => ({ name: f.input.label, columns: f.input.columns, mapping: f.input.mapping })),
  );
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const mappings = new Map(files.map((f) => [f.input.label, f.input.mapping]));
  const hops = (f: RelatedFile) => relationChain(f.input.label, mappings).chain.length;
  // The nearest first: a file two relations away needs its neighbour's accounts.
  for (const f of [...linked].sort((a, b) => hops(a) - hops(b))) {
    const target = files.find((t) => t.input.label === f.input.mapping.via!.file)!;
    await resolveOne(db, f, target, f.input.mapping.via!);
  }
}

async function resolveOne(db: Database, f: RelatedFile, target: RelatedFile, via: AccountRelation): Promise<void> {
  const v = column(f, via.column);
  const k = column(target, via.key);
  const what = normaliseHeader(via.column) || via.column;
  // The target's keys: usable when its row is kept and its account is known.
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE rel_keys AS
    SELECT k, count(DISTINCT account_id) FILTER (WHERE usable) AS accounts, min(account_id) FILTER (WHERE usable) AS account_id
    FROM (SELECT trim(s.${k}) AS k, t.account_id,
            t.ord NOT IN ${rejected(target)} AND t.account_id IN (SELECT account_id FROM accounts) AS usable
          FROM ${textTable(target)} s JOIN ${target.table} t ON t.ord = s.rowid
          WHERE nullif(trim(s.${k}), '') IS NOT NULL)
    GROUP BY k`);
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE rel_rows AS
    SELECT t.ord, s.${v} AS raw, nullif(trim(s.${v}), '') AS v, r.accounts, r.account_id
    FROM ${f.table} t JOIN ${textTable(f)} s ON s.rowid = t.ord LEFT JOIN rel_keys r ON r.k = nullif(trim(s.${v}), '')
    WHERE t.ord NOT IN ${rejected(f)}`);
  const file = sqlString(target.input.label);
  await db.conn.run(`INSERT INTO ${ISSUES_TABLE}
    SELECT ${f.idx}, ${sqlString(f.input.label)}, ord, NULL, ${sqlString(via.column)}, coalesce(raw, ''),
      CASE WHEN v IS NULL THEN ${sqlString(`blank ${what}: the account is found through ${target.input.label}`)}
           WHEN accounts IS NULL THEN ${sqlString(`${what} not in ${target.input.label}`)} || ' (its ' || ${sqlString(via.key)} || ' column)'
           WHEN accounts = 0 THEN ${sqlString(`${what} found in ${target.input.label} only on a rejected row: see that file's issues`)}
           ELSE ${sqlString(`${what} tied to several accounts in `)} || ${file} || ': fix the duplicates there' END,
      'row rejected'
    FROM rel_rows WHERE v IS NULL OR accounts IS NULL OR accounts <> 1`);
  await db.conn.run(`ALTER TABLE ${f.table} ADD COLUMN account_id VARCHAR`);
  await db.conn.run(
    `UPDATE ${f.table} SET account_id = r.account_id FROM rel_rows r WHERE ${f.table}.ord = r.ord AND r.accounts = 1`,
  );
  await db.conn.run('DROP TABLE rel_rows; DROP TABLE rel_keys');
  // From here on the file has an account id like any other; issues about it name the relation's column.
  f.fields.push(entitySpec(f.input.mapping.entity).fields.find((x) => x.role === 'account_id')!);
  f.input = {
    ...f.input,
    mapping: { ...f.input.mapping, columns: { ...f.input.mapping.columns, account_id: via.column } },
  };
}
