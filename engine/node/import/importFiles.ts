/**
 * Load mapped user files into the canonical tables (accounts, usage_events,
 * tickets, …) the snapshot builder reads. Each file is staged as text, parsed
 * by its mapping, and checked; every rejected row and every changed value
 * goes to the issue log with its file, line, column, value and reason.
 *
 * Rules: a row missing a required value (account id, event date, …) or whose
 * account is not in the accounts export is rejected; an optional value that
 * does not parse, or is impossible (negative count, NPS outside 0–10), becomes
 * missing; duplicates keep the first occurrence.
 */
import { statSync } from 'node:fs';
import type { Database } from '../data/duckdb.js';
import { sqlString } from '../data/duckdb.js';
import { EXPORT_TABLES, createEmptyTable } from '../data/exportTables.js';
import { CHURN_FLAG_ROLE } from '../../core/import/churnFlag.js';
import type { FileMapping, ReadOptions } from '../../core/api/importSchema.js';
import { entitySpec, type EntityId } from '../../core/import/entities.js';
import { dateChurnFlags, insertAccountChurn } from './churnFlags.js';
import { startsFromTenureColumn } from './tenureStarts.js';
import { recordExportDates } from './exportDates.js';
import { createProductEventsTable } from './productEvents.js';
import { ISSUES_TABLE, ImportFailed, createIssuesTable, resolveLines } from './issues.js';
import { checkParentAccounts } from './parentAccounts.js';
import { resolveRelations } from './resolveRelations.js';
import type { StagedFile } from './stage.js';
import { DATE_ROLE, insertRows } from './insertRows.js';
import { findRepeatedDays, repeatedHashes } from './repeatedDays.js';
import { columnLabel, rawColumn, rejectedOrds, scalar, textTable, typeFile, withText, type Typed } from './typeFile.js';

export interface ImportInput {
  path: string;
  /** File name as shown to the user and in the issue log. */
  label: string;
  read: ReadOptions;
  /** Column names in file order (from sniffing). */
  columns: readonly string[];
  mapping: FileMapping;
}

export interface ImportedFile {
  label: string;
  entity: EntityId;
  location: StagedFile['location'];
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  valuesChanged: number;
  firstDate: string | null;
  lastDate: string | null;
}

export interface ImportProgress {
  (step: string, fraction: number, detail?: { rows: number; bytes: number; bytesTotal: number }): void;
}

export class ImportCancelled extends Error {
  constructor() {
    super('Import cancelled');
    this.name = 'ImportCancelled';
  }
}

/** An override must set a tier or a score: one that sets neither (a blank or impossible score counts as set) says nothing. */
async function rejectEmptyOverrides(db: Database, t: Typed): Promise<void> {
  const has = (role: string) => t.fields.some((f) => f.role === role);
  const tier = has('tier') ? 'x.tier' : 'NULL';
  // The score as parsed, before its range rule: a flagged row has it, on any other row it is the final one.
  const score = has('score') ? `coalesce(f."score__p", x.score)` : 'NULL';
  const col = t.input.mapping.columns.tier ?? t.input.mapping.columns.score ?? t.input.mapping.columns.reason!;
  await db.conn
    .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, x.ord, NULL, ${sqlString(col)}, '',
      'override sets neither a tier nor a score', 'row rejected'
    FROM ${t.table} x LEFT JOIN ${t.flagged} f USING (ord) WHERE ${tier} IS NULL AND ${score} IS NULL AND x.ord NOT IN ${rejectedOrds(t)}`);
}

/** Reject later duplicates of a key among rows not yet rejected (across every file of the entity). */
async function rejectDuplicates(db: Database, files: Typed[], role: string, label: string): Promise<void> {
  const withKey = files.filter((t) => t.fields.some((f) => f.role === role));
  if (withKey.length === 0) return;
  const union = withKey
    .map(
      (t) =>
        `SELECT ${t.idx} AS file_idx, ord, "${role}" AS k FROM ${t.table} WHERE "${role}" IS NOT NULL AND ord NOT IN ${rejectedOrds(t)}`,
    )
    .join(' UNION ALL ');
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE dup_rows AS SELECT file_idx, ord, k FROM (
      SELECT *, row_number() OVER (PARTITION BY k ORDER BY file_idx, ord) AS rn FROM (${union})) WHERE rn > 1`);
  for (const t of withKey) {
    await db.conn
      .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, d.ord, NULL, ${sqlString(t.input.mapping.columns[role]!)}, d.k,
      ${sqlString(`duplicate ${label} (the first occurrence is kept)`)}, 'row rejected' FROM dup_rows d WHERE d.file_idx = ${t.idx}`);
  }
  await db.conn.run('DROP TABLE dup_rows');
}

/**
 * A report's footer ("Total", "Grand total", "Sum") in the id column is not an account;
 * loaded, it became one. Ids are matched whole, so "Total Logistics Ltd" is kept.
 */
const FOOTER_ID = `regexp_full_match(lower(trim(account_id)), '(grand |sub)?totals?:?|sum:?|summe|gesamt|total general')`;

async function rejectFooterRows(db: Database, t: Typed): Promise<void> {
  if (!t.fields.some((f) => f.role === 'account_id')) return;
  await db.conn
    .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, ord, NULL, ${sqlString(t.input.mapping.columns.account_id!)}, account_id,
    'a report footer ("Total" row), not an account', 'row rejected'
    FROM ${t.table} WHERE account_id IS NOT NULL AND ${FOOTER_ID} AND ord NOT IN ${rejectedOrds(t)}`);
}

/**
 * Usage rows that repeat another row in every mapped column are one event exported
 * twice (overlapping export windows, a retried webhook): counted twice they doubled
 * that day's activity. Later copies are rejected and each names the line it repeats.
 */
async function rejectExactDuplicates(db: Database, files: Typed[]): Promise<void> {
  for (const t of files) {
    if (t.input.mapping.keepDuplicates === true) continue; // the team says identical rows are separate events
    // Extra columns count (t.fields holds them): two events that differ in a kept property are two events.
    const cols = t.fields.map((f) => `t."${f.role}"`);
    // Through a relation the row's own key is part of what it says: an account's two subscriptions
    // with the same figures on one day are two rows, not one exported twice.
    const via = t.input.mapping.via;
    const k = via ? t.input.columns.indexOf(via.column) : -1;
    if (k >= 0) cols.push(`nullif(trim(s.c${k}), '')`);
    const rows = `${t.table} t ${k >= 0 ? `JOIN ${textTable(t)} s ON s.rowid = t.ord` : ''}`;
    // Equal rows have equal hashes: find the repeated hashes in one aggregate over one value per row, and
    // number rows (a sort of every column) only among those; a file without repeats skips that entirely.
    const key = `hash(${cols.join(', ')})`;
    // A daily export has a row per account and day, and rows equal in every column are equal in those:
    // hashing the two first (0.2 s less CPU per 3 M rows than all ten) leaves the full hash to the few
    // rows that share an account and day.
    const day =
      t.input.mapping.entity === 'usage_daily'
        ? `hash(t.account_id, t."date"${k >= 0 ? `, nullif(trim(s.c${k}), '')` : ''})`
        : null;
    // Through a relation the day's hash has the row's key too: an account that repeats no day repeats none of those.
    if (day) await findRepeatedDays(db, rows, day, `t.ord NOT IN ${rejectedOrds(t)}`);
    const candidates = day ? `${rows} WHERE ${day} IN (SELECT h FROM repeated_days)` : rows;
    await db.conn.run(`CREATE OR REPLACE TEMP TABLE repeated_rows AS ${repeatedHashes(key, candidates)}`);
    if ((await scalar(db, 'SELECT count(*) FROM repeated_rows')) > 0)
      await db.conn
        .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, ord, NULL, '(row)', account_id,
          'exact duplicate of an earlier row in this file (counted once)', 'row rejected'
        FROM (SELECT t.ord, t.account_id, row_number() OVER (PARTITION BY ${cols.join(', ')} ORDER BY t.ord) AS rn
              FROM ${rows} WHERE t.ord NOT IN ${rejectedOrds(t)} AND ${key} IN (SELECT h FROM repeated_rows)) WHERE rn > 1`);
    if (day) await db.conn.run('DROP TABLE repeated_days');
    await db.conn.run('DROP TABLE repeated_rows');
  }
}

/**
 * Two scores for one account on one date cannot both be "the score then": the first is kept and
 * the later copies are rejected, each naming the date (across every score-history file).
 */
async function rejectDuplicateScores(db: Database, files: Typed[]): Promise<void> {
  if (files.length === 0) return;
  const union = files
    .map(
      (t) =>
        `SELECT ${t.idx} AS file_idx, ord, account_id, score_date FROM ${t.table} WHERE ord NOT IN ${rejectedOrds(t)}`,
    )
    .join(' UNION ALL ');
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE dup_scores AS SELECT file_idx, ord, account_id, score_date FROM (
      SELECT *, row_number() OVER (PARTITION BY account_id, score_date ORDER BY file_idx, ord) AS rn FROM (${union})) WHERE rn > 1`);
  for (const t of files) {
    await db.conn
      .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, d.ord, NULL, ${sqlString(columnLabel(t.input.mapping, 'score_date'))},
      strftime(d.score_date, '%Y-%m-%d'), 'a second score for the account on this date (the first is kept)', 'row rejected'
      FROM dup_scores d WHERE d.file_idx = ${t.idx}`);
  }
  await db.conn.run('DROP TABLE dup_scores');
}

/** Churn dated before the account started cannot be an outcome of its health: the dates disagree. */
async function rejectChurnBeforeStart(db: Database, t: Typed): Promise<void> {
  await db.conn
    .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, x.ord, NULL, ${sqlString(t.input.mapping.columns.churn_date ?? t.input.mapping.columns.churned!)},
      strftime(x.churn_date, '%Y-%m-%d'), 'churn dated before the account started (' || strftime(a.signup_date, '%Y-%m-%d') || '): check both dates', 'row rejected'
    FROM ${t.table} x JOIN accounts a USING (account_id)
    WHERE x.churn_date < a.signup_date AND x.ord NOT IN ${rejectedOrds(t)}`);
}

/** Statuses that say a subscription is over: without an end date it cannot be placed in time. */
const ENDED_STATUS = `regexp_full_match(lower(trim(status)), '(canceled|cancelled|ended|expired|incomplete_expired|terminated|churned|inactive)')`;

/**
 * A subscription must be placeable in time: one that ends before it starts, or says it ended (its status)
 * without an end date, would make the account active forever or never; both are rejected with the dates to fix.
 */
async function rejectSubscriptionDates(db: Database, t: Typed): Promise<void> {
  const has = (role: string) => t.fields.some((f) => f.role === role);
  const label = sqlString(t.input.label);
  if (has('end_date'))
    await db.conn
      .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${label}, ord, NULL, ${sqlString(t.input.mapping.columns.end_date!)},
      strftime(end_date, '%Y-%m-%d'), 'subscription ends before it starts (' || strftime(start_date, '%Y-%m-%d') || '): check both dates', 'row rejected'
      FROM ${t.table} WHERE end_date < start_date AND ord NOT IN ${rejectedOrds(t)}`);
  if (has('status'))
    await db.conn
      .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${label}, ord, NULL, ${sqlString(t.input.mapping.columns.status!)}, status,
      'subscription is ' || lower(trim(status)) || ' but has no end date: map its ended or cancelled date column', 'row rejected'
      FROM ${t.table} WHERE ${ENDED_STATUS} ${has('end_date') ? 'AND end_date IS NULL' : ''} AND ord NOT IN ${rejectedOrds(t)}`);
}

async function rejectUnknownAccounts(db: Database, t: Typed): Promise<void> {
  await db.conn
    .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, ord, NULL, ${sqlString(t.input.mapping.columns.account_id!)}, account_id,
    'account id not in the accounts export', 'row rejected'
    FROM ${t.table} WHERE account_id IS NOT NULL AND account_id NOT IN (SELECT account_id FROM accounts) AND ord NOT IN ${rejectedOrds(t)}`);
}

/**
 * An accounts export with MRR and no ARR: ARR is MRR × 12, and every account
 * whose ARR was computed so says it in the issue log (one group, one reason).
 */
async function arrFromMrr(db: Database, t: Typed): Promise<void> {
  const has = (role: string) => t.fields.some((f) => f.role === role);
  if (!has('mrr') || has('arr')) return;
  await db.conn.run(`ALTER TABLE ${t.table} ADD COLUMN arr DOUBLE`);
  await db.conn.run(`UPDATE ${t.table} SET arr = mrr * 12`);
  t.fields.push(entitySpec('accounts').fields.find((f) => f.role === 'arr')!);
  const mrr = rawColumn(
    t.input,
    t.fields.find((f) => f.role === 'mrr')!,
  );
  await db.conn
    .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, x.ord, NULL, ${sqlString(t.input.mapping.columns.mrr!)},
      coalesce(s.${mrr}, ''), 'no ARR column: ARR = MRR × 12', 'value coerced'
    FROM ${withText(t)} WHERE x.mrr IS NOT NULL AND x.ord NOT IN ${rejectedOrds(t)}`);
}

/**
 * Import the files into `db` (a fresh database): canonical tables, the issue
 * log, and a summary per file. Throws ImportCancelled when `cancelled()`
 * turns true between steps or DuckDB is interrupted.
 */
export async function importFiles(
  db: Database,
  inputs: readonly ImportInput[],
  progress: ImportProgress,
  cancelled: () => boolean,
): Promise<ImportedFile[]> {
  if (!inputs.some((i) => i.mapping.entity === 'accounts')) {
    throw new Error(
      'No file is mapped to Accounts: every other export is checked against the accounts export, so one file must be the account list.',
    );
  }
  const check = () => {
    if (cancelled()) throw new ImportCancelled();
  };
  // DuckDB only tracks a query's progress when its progress bar is on; we read it, never print it.
  await db.conn.run('SET enable_progress_bar = true');
  await db.conn.run('SET enable_progress_bar_print = false');
  await createIssuesTable(db);
  for (const spec of EXPORT_TABLES) await createEmptyTable(db, spec);
  await recordExportDates(db, inputs);
  await createProductEventsTable(db);
  const totalSteps = inputs.length + 3;
  const typed: Typed[] = [];
  try {
    // Accounts first: every other file is checked against them.
    const order = [...inputs.entries()].sort(
      ([, a], [, b]) => Number(b.mapping.entity === 'accounts') - Number(a.mapping.entity === 'accounts'),
    );
    for (const [k, [idx, input]] of order.entries()) {
      check();
      progress(`Reading ${input.label}`, k / totalSteps);
      const bytesTotal = statSync(input.path).size;
      const poll = async (run: Promise<unknown>) => {
        const timer = setInterval(() => {
          if (cancelled()) db.conn.interrupt();
          const p = db.conn.progress;
          if (p.percentage >= 0) {
            const share = Math.min(p.percentage, 100) / 100;
            progress(`Reading ${input.label}`, (k + share) / totalSteps, {
              rows: Number(p.rows_processed),
              bytes: Math.round(share * bytesTotal),
              bytesTotal,
            });
          }
        }, 150);
        try {
          return await run;
        } catch (err) {
          if (cancelled()) throw new ImportCancelled();
          throw err;
        } finally {
          clearInterval(timer);
        }
      };
      const t = await typeFile(db, idx, input, poll, needsText(input, inputs));
      await dateChurnFlags(db, t);
      await startsFromTenureColumn(db, t);
      if (input.mapping.entity === 'overrides') await rejectEmptyOverrides(db, t);
      typed.push(t);
    }
    check();
    progress('Checking accounts', inputs.length / totalSteps);
    const accounts = typed.filter((t) => t.input.mapping.entity === 'accounts');
    for (const t of accounts) await rejectFooterRows(db, t);
    for (const t of accounts) await arrFromMrr(db, t);
    await rejectDuplicates(db, accounts, 'account_id', 'account id');
    for (const t of accounts) await insertRows(db, t);
    await requireAccounts(db, accounts);
    await checkParentAccounts(db, accounts);
    check();
    progress('Checking the other exports', (inputs.length + 1) / totalSteps);
    const others = typed.filter((t) => t.input.mapping.entity !== 'accounts');
    await resolveRelations(db, others);
    for (const t of others) await rejectUnknownAccounts(db, t);
    const byEntity = (e: EntityId) => others.filter((t) => t.input.mapping.entity === e);
    await rejectDuplicates(db, byEntity('tickets'), 'ticket_id', 'ticket id');
    await rejectDuplicates(db, byEntity('invoices'), 'invoice_id', 'invoice id');
    await rejectDuplicates(db, byEntity('nps'), 'response_id', 'response id');
    await rejectDuplicates(db, byEntity('subscriptions'), 'subscription_id', 'subscription id');
    for (const t of byEntity('subscriptions')) await rejectSubscriptionDates(db, t);
    await rejectDuplicateScores(db, byEntity('score_history'));
    await rejectExactDuplicates(db, [...byEntity('usage_daily'), ...byEntity('usage_events')]);
    for (const t of others) if (t.input.mapping.entity !== 'churn') await insertRows(db, t);
    await fillSignupDates(db, accounts);
    for (const t of accounts) await insertAccountChurn(db, t);
    // After the start dates are final (a missing one is filled from first activity).
    for (const t of byEntity('churn')) {
      await rejectChurnBeforeStart(db, t);
      await insertRows(db, t);
    }
    check();
  } catch (err) {
    if (err instanceof ImportCancelled || cancelled()) throw err;
    // What was read and rejected so far still reaches the report: the failure is one more line of it.
    throw new ImportFailed(errorText(err), await summarise(db, typed).catch(() => []));
  }
  progress('Locating issues', (inputs.length + 2) / totalSteps);
  const out = await summarise(db, typed);
  try {
    await requireOutcomes(out, (label) => firstRejection(db, label));
  } catch (err) {
    throw new ImportFailed(errorText(err), out);
  }
  progress('Imported', 1);
  return out;
}

/**
 * Whether a later step reads the file's own text: the accounts (ARR from MRR, start dates quote it),
 * a churn flag (its issues quote it), a file reached through a relation and the file it goes through.
 * Any other CSV is typed straight from the reader, without a text table.
 */
function needsText(input: ImportInput, inputs: readonly ImportInput[]): boolean {
  const m = input.mapping;
  return (
    m.entity === 'accounts' ||
    m.columns[CHURN_FLAG_ROLE] !== undefined ||
    m.via !== undefined ||
    inputs.some((other) => other.mapping.via?.file === input.label)
  );
}

const errorText = (err: unknown) => (err instanceof Error ? err.message.split('\n')[0]! : String(err));

/** Per file: rows read, loaded, rejected, values changed and the date range; the issues given their lines. */
async function summarise(db: Database, typed: readonly Typed[]): Promise<ImportedFile[]> {
  const out: ImportedFile[] = [];
  for (const t of typed) {
    if ((await scalar(db, `SELECT count(*) FROM ${ISSUES_TABLE} WHERE file_idx = ${t.idx} AND line IS NULL`)) > 0) {
      await resolveLines(db, t.idx, await t.staged.segments());
    }
    const rejectedInSql = await scalar(
      db,
      `SELECT count(DISTINCT ord) FROM ${ISSUES_TABLE} WHERE file_idx = ${t.idx} AND action = 'row rejected' AND ord IS NOT NULL`,
    );
    const changed = await scalar(
      db,
      `SELECT count(*) FROM ${ISSUES_TABLE} WHERE file_idx = ${t.idx} AND action <> 'row rejected'`,
    );
    const dateRole = DATE_ROLE[t.input.mapping.entity];
    const hasDate = t.fields.some((f) => f.role === dateRole);
    const range = t.moved
      ? [t.moved.firstDate, t.moved.lastDate]
      : hasDate
        ? (
            await db.conn.runAndReadAll(
              `SELECT strftime(min("${dateRole}"), '%Y-%m-%d'), strftime(max("${dateRole}"), '%Y-%m-%d') FROM ${t.table} WHERE ord NOT IN ${rejectedOrds(t)}`,
            )
          ).getRowsJson()[0]!
        : [null, null];
    out[t.idx] = {
      label: t.input.label,
      entity: t.input.mapping.entity,
      location: t.staged.location,
      rowsRead: t.staged.rows + t.staged.rejected,
      rowsLoaded: t.staged.rows - rejectedInSql,
      rowsRejected: t.staged.rejected + rejectedInSql,
      valuesChanged: changed,
      firstDate: (range[0] as string | null) ?? null,
      lastDate: (range[1] as string | null) ?? null,
    };
    const typedRows = t.moved
      ? ''
      : t.rows
        ? `DROP VIEW IF EXISTS ${t.table}; DROP TABLE IF EXISTS ${t.rows.table};`
        : `DROP TABLE IF EXISTS ${t.table};`;
    await db.conn.run(
      `DROP TABLE IF EXISTS stg_${t.idx}; DROP TABLE IF EXISTS stg_${t.idx}_rejects; DROP TABLE IF EXISTS stg_${t.idx}_scans; ${typedRows} DROP TABLE IF EXISTS ${t.flagged}`,
    );
    t.staged.dispose();
  }
  return out.filter((f) => f !== undefined);
}

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

async function firstRejection(db: Database, label: string): Promise<string> {
  const r = (
    await db.conn.runAndReadAll(
      `SELECT line, column_name, reason FROM ${ISSUES_TABLE} WHERE file = ${sqlString(label)} AND action = 'row rejected' ORDER BY line LIMIT 1`,
    )
  ).getRowsJson()[0];
  return r ? `line ${Number(r[0])}, column "${String(r[1])}": ${String(r[2])}` : '';
}

/** No account loaded means nothing can be scored or checked: say why instead of failing later. */
async function requireAccounts(db: Database, accounts: Typed[]): Promise<void> {
  if ((await scalar(db, 'SELECT count(*) FROM accounts')) > 0) return;
  const t = accounts[0]!;
  // Issues get their lines in summarise, after this: without them the first rejection was "line 0", and any row.
  await resolveLines(db, t.idx, await t.staged.segments());
  const first = await firstRejection(db, t.input.label);
  const read = t.staged.rows + t.staged.rejected;
  throw new Error(
    read === 0
      ? `${t.input.label} has a header but no rows: no account to score, and every other export is checked against the accounts. Export the account list again.`
      : `${t.input.label}: all ${plural(read, 'row')} were rejected (first: ${first}), so no account was loaded. Fix the file or map its Account ID column to the right column.`,
  );
}

/**
 * A churn or renewal file none of whose rows loaded leaves the backtest without an
 * outcome: it would report no churner at all, which reads as a perfect score.
 */
function requireOutcomes(files: readonly ImportedFile[], first: (label: string) => Promise<string>): Promise<void> {
  const empty = files.filter(
    (f) => (f.entity === 'churn' || f.entity === 'renewals') && f.rowsRead > 0 && f.rowsLoaded === 0,
  );
  if (empty.length === 0) return Promise.resolve();
  return first(empty[0]!.label).then((why) => {
    const f = empty[0]!;
    const what = f.entity === 'churn' ? 'churn' : 'renewal';
    throw new Error(
      `${f.label}: all ${plural(f.rowsRead, 'row')} were rejected (first: ${why}), so there is no ${what} outcome to backtest against. ` +
        `Map its Account ID to the column holding the accounts' ids and its ${what === 'churn' ? 'Churn date' : 'Renewal date'} to the date column, then import again.`,
    );
  });
}

/**
 * An account without a start date cannot be placed in time. Use its first
 * activity in any export and say so; with no activity at all it stays
 * unscored, also said.
 */
async function fillSignupDates(db: Database, accounts: Typed[]): Promise<void> {
  // Most account exports date every start: then no activity need be searched (0.34 s over 10 M usage rows).
  if ((await scalar(db, 'SELECT count(*) FROM accounts WHERE signup_date IS NULL')) === 0) return;
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE first_activity AS
    SELECT account_id, min(d) AS d FROM (
      SELECT account_id, date AS d FROM usage_events UNION ALL SELECT account_id, opened_at::DATE FROM tickets
      UNION ALL SELECT account_id, issued_date FROM invoices UNION ALL SELECT account_id, responded_at FROM nps
      UNION ALL SELECT account_id, start_date FROM subscriptions UNION ALL SELECT account_id, score_date FROM score_history) GROUP BY 1`);
  for (const t of accounts) {
    // The column the start came from: a start date column, else the tenure it is counted from (tenureStarts.ts).
    const source = ['signup_date', 'tenure_months'].find((r) => t.input.mapping.columns[r] !== undefined);
    const col = source ? t.input.mapping.columns[source]! : '(no start date column)';
    const signup = t.fields.find((f) => f.role === source);
    const raw = signup ? `s.${rawColumn(t.input, signup)}` : "''";
    await db.conn
      .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, x.ord, NULL, ${sqlString(col)}, coalesce(${raw}, ''),
        CASE WHEN f.d IS NULL THEN 'no start date and no activity: the account cannot be scored' ELSE 'no start date: first activity date ' || strftime(f.d, '%Y-%m-%d') || ' used' END,
        CASE WHEN f.d IS NULL THEN 'value set to missing' ELSE 'value coerced' END
      FROM ${withText(t)} JOIN accounts a ON a.account_id = x.account_id AND a.signup_date IS NULL
      LEFT JOIN first_activity f ON f.account_id = x.account_id
      WHERE x.ord NOT IN ${rejectedOrds(t)}`);
  }
  await db.conn.run(
    `UPDATE accounts SET signup_date = f.d FROM first_activity f WHERE accounts.account_id = f.account_id AND accounts.signup_date IS NULL`,
  );
  await db.conn.run('DROP TABLE first_activity');
}
