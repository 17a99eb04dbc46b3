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
import type { FileMapping, ReadOptions } from '../../core/api/importSchema.js';
import { dateSql, DATE_FORMAT_LABELS, patternSql } from '../../core/import/dateFormats.js';
import { entitySpec, type EntityId, type FieldSpec } from '../../core/import/entities.js';
import { missingRequiredFields } from '../../core/import/relations.js';
import { ISSUES_TABLE, ImportFailed, createIssuesTable, resolveLines } from './issues.js';
import { resolveRelations } from './resolveRelations.js';
import { stageFile, type StagedFile } from './stage.js';

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

// Reactivation/churn words let a churn export's event-type column ("churned" / "reactivated") map as the flag.
const TRUE_WORDS = [
  'true',
  't',
  'yes',
  'y',
  '1',
  'won',
  'closed won',
  'renewed',
  'x',
  'reactivated',
  'reactivation',
  'won back',
];
const FALSE_WORDS = [
  'false',
  'f',
  'no',
  'n',
  '0',
  'lost',
  'closed lost',
  'churned',
  'not renewed',
  'churn',
  'cancelled',
  'canceled',
];
const list = (w: string[]) => w.map(sqlString).join(', ');

/** Which fields get "blank kept as missing" entries: measures a blank most likely hides. */
const REPORT_BLANKS: Partial<Record<EntityId, readonly string[]>> = {
  usage_daily: ['active_users', 'logins', 'features_used', 'key_actions', 'session_minutes', 'api_calls'],
  invoices: ['amount'],
  accounts: ['arr'],
};

/** Roles whose canonical column keeps the time of day (the order of same-day tickets matters for "last 5 CSAT"). */
const TIMESTAMP_ROLES = new Set(['opened_at', 'closed_at']);

/**
 * How a numeric column writes its numbers, judged from all its values: with a decimal
 * comma ("1200,50", "1.234,5": dots group thousands) or with commas grouping thousands
 * ("12,345", "1,234.5"). One column never mixes the two, and the same "12,345" means
 * 12345 in one and 12.345 in the other, so a value alone cannot decide.
 */
export type NumberStyle = 'decimal-comma' | 'thousands-comma';

/** Per column (c0, c1, …): the style of its numbers. Values without a comma say nothing and cost one cheap test. */
async function numberStyles(db: Database, table: string, raws: readonly string[]): Promise<Map<string, NumberStyle>> {
  const out = new Map<string, NumberStyle>();
  if (raws.length === 0) return out;
  const v = (raw: string) => `trim(${raw})`;
  const flags = raws.flatMap((raw) => [
    // A comma not followed by exactly three digits, or dots grouping thousands before a comma: a decimal comma.
    `count(*) FILTER (WHERE contains(${raw}, ',') AND (regexp_full_match(${v(raw)}, '-?\\d+,(\\d{1,2}|\\d{4,})') OR regexp_full_match(${v(raw)}, '-?\\d{1,3}(\\.\\d{3})+,\\d+')))`,
    // A decimal point anywhere: commas, if any, group thousands.
    `count(*) FILTER (WHERE contains(${raw}, '.') AND regexp_full_match(${v(raw)}, '-?(\\d{1,3}(,\\d{3})+|\\d+)\\.\\d+'))`,
  ]);
  const row = (await db.conn.runAndReadAll(`SELECT ${flags.join(', ')} FROM ${table}`)).getRows()[0]!;
  raws.forEach((raw, i) => {
    const decimalComma = Number(row[2 * i]);
    const decimalPoint = Number(row[2 * i + 1]);
    out.set(raw, decimalComma > 0 && decimalPoint === 0 ? 'decimal-comma' : 'thousands-comma');
  });
  return out;
}

/** A number as its column writes it; NaN and ±Infinity are not numbers a CS export means. */
function numberSql(raw: string, style: NumberStyle): string {
  const v = `trim(${raw})`;
  const parsed =
    style === 'decimal-comma'
      ? `CASE WHEN regexp_full_match(${v}, '-?\\d{1,3}(\\.\\d{3})+(,\\d+)?|-?\\d+,\\d+')
        THEN TRY_CAST(replace(replace(${v}, '.', ''), ',', '.') AS DOUBLE) ELSE TRY_CAST(${v} AS DOUBLE) END`
      : // Most values have no comma: skip the pattern for them (a folder of 10 M usage rows parses every one).
        `CASE WHEN contains(${raw}, ',') AND regexp_full_match(${v}, '-?\\d{1,3}(,\\d{3})+(\\.\\d+)?')
        THEN TRY_CAST(replace(${v}, ',', '') AS DOUBLE) ELSE TRY_CAST(${v} AS DOUBLE) END`;
  // Not a scalar subquery over the parsed value: DuckDB runs that per row (20 s of a 1.8 M-row file's 44 s).
  return `CASE WHEN isfinite(${parsed}) THEN ${parsed} END`;
}

function parseExpr(
  f: FieldSpec,
  raw: string,
  mapping: FileMapping,
  style: NumberStyle = 'thousands-comma',
  datePattern?: string,
): string {
  switch (f.type) {
    case 'id':
    case 'text':
      return `nullif(trim(${raw}), '')`;
    case 'date': {
      // A pattern the user typed for the file outranks each column's detected format.
      if (datePattern !== undefined) return patternSql(raw, datePattern);
      const format = mapping.dateFormats[f.role] ?? 'iso';
      const day = dateSql(raw, format);
      return TIMESTAMP_ROLES.has(f.role) && format === 'iso'
        ? `coalesce(TRY_CAST(replace(left(trim(${raw}), 19), 'T', ' ') AS TIMESTAMP), (${day})::TIMESTAMP)`
        : day;
    }
    case 'number':
    case 'count':
      return numberSql(raw, style);
    case 'boolean':
      return `CASE WHEN lower(trim(${raw})) IN (${list(TRUE_WORDS)}) THEN true WHEN lower(trim(${raw})) IN (${list(FALSE_WORDS)}) THEN false END`;
  }
}

/** Dates that may lie ahead: a renewal, a due date, an override's expiry. Every other date is something that happened. */
const FUTURE_DATES = new Set(['renewal_date', 'due_date', 'expires_at', 'end_date']);
/**
 * Before this, a date in a CS export is a typo or a placeholder (1900-01-01, 1965…):
 * ten such usage rows stretched the backtest to 735 months.
 */
export const EARLIEST_DATE = '1990-01-01';

/** Range rules after parsing: the value is impossible and becomes missing (reason given). */
function impossible(
  entity: EntityId,
  f: FieldSpec,
  v: string,
): { cond: string; reason: string; reasonSql?: string } | null {
  if (f.type === 'date') {
    // Rows dated 2099 moved the whole backtest to 2098–2099 with no churner: a thing that happened is not in the future.
    const future = FUTURE_DATES.has(f.role) ? 'false' : `${v}::DATE > current_date`;
    return {
      cond: `${v}::DATE < DATE '${EARLIEST_DATE}' OR ${future}`,
      reason: `date before ${EARLIEST_DATE} or after today`,
      reasonSql: `CASE WHEN ${v}::DATE < DATE '${EARLIEST_DATE}' THEN 'date before ${EARLIEST_DATE}: a placeholder or a typo' ELSE 'date after today: it cannot have happened yet' END`,
    };
  }
  if (entity === 'nps' && f.role === 'score')
    return { cond: `${v} < 0 OR ${v} > 10`, reason: 'NPS score outside 0–10' };
  // Seats are stored as 32-bit integers: a larger "count" is a typo or a key in the wrong column.
  if (f.type === 'count') {
    return {
      cond: `${v} < 0 OR ${v} <> floor(${v}) OR ${v} > 2147483647`,
      reason: 'not a whole non-negative count',
      reasonSql: `CASE WHEN ${v} > 2147483647 THEN 'count above 2,147,483,647' ELSE 'not a whole non-negative count' END`,
    };
  }
  if (entity === 'overrides' && f.role === 'score')
    return { cond: `${v} < 0 OR ${v} > 100`, reason: 'override score outside 0–100' };
  if (f.role === 'arr' || f.role === 'session_minutes') return { cond: `${v} < 0`, reason: `negative ${f.label}` };
  if (f.role === 'csat') return { cond: `${v} < 0`, reason: 'negative CSAT' };
  if (f.role === 'sentiment') return { cond: `${v} < -1 OR ${v} > 1`, reason: 'sentiment outside −1 … 1' };
  return null;
}

function notParsedReason(f: FieldSpec, mapping: FileMapping, datePattern?: string): string {
  if (f.type === 'date' && datePattern !== undefined) return `unparseable date (expected the pattern ${datePattern})`;
  if (f.type === 'date')
    return `unparseable date (expected ${DATE_FORMAT_LABELS[mapping.dateFormats[f.role] ?? 'iso']})`;
  if (f.type === 'boolean') return 'not a yes/no value';
  return 'not a number';
}

interface Typed {
  idx: number;
  input: ImportInput;
  staged: StagedFile;
  table: string;
  fields: FieldSpec[];
}

async function scalar(db: Database, sql: string): Promise<number> {
  const r = await db.conn.runAndReadAll(sql);
  return Number(r.getColumns()[0]![0] ?? 0);
}

async function issue(
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

const rejectedOrds = (t: Typed) =>
  `(SELECT ord FROM ${ISSUES_TABLE} WHERE file_idx = ${t.idx} AND action = 'row rejected' AND ord IS NOT NULL)`;

/** Stage, parse and check one file; its typed rows are left in table typed_<idx>. */
async function typeFile(
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
  const select: string[] = ['rowid AS ord'];
  const rawOf = (f: FieldSpec) => {
    const k = input.columns.indexOf(input.mapping.columns[f.role]!);
    if (k < 0)
      throw new Error(
        `${input.label}: column ${JSON.stringify(input.mapping.columns[f.role])} (mapped to ${f.label}) is not in the file`,
      );
    return `c${k}`;
  };
  const numeric = fields.filter((f) => f.type === 'number' || f.type === 'count');
  const styles = await numberStyles(db, `stg_${idx}`, [...new Set(numeric.map(rawOf))]);
  for (const f of fields) {
    const raw = rawOf(f);
    select.push(
      `${raw} AS "${f.role}__raw"`,
      `${parseExpr(f, raw, input.mapping, styles.get(raw), input.read.datePattern)} AS "${f.role}__p"`,
    );
  }
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT ${select.join(', ')} FROM stg_${idx}`);
  const t: Typed = { idx, input, staged, table, fields };
  for (const f of fields) {
    const col = input.mapping.columns[f.role]!;
    const raw = `"${f.role}__raw"`;
    const p = `"${f.role}__p"`;
    const blank = `(${raw} IS NULL OR trim(${raw}) = '')`;
    const range = impossible(input.mapping.entity, f, p);
    if (f.required) {
      await issue(
        db,
        t,
        col,
        raw,
        `CASE WHEN ${blank} THEN ${sqlString(`blank ${f.label}`)} ELSE ${sqlString(notParsedReason(f, input.mapping, input.read.datePattern))} END`,
        'row rejected',
        `${p} IS NULL`,
      );
      if (range)
        await issue(
          db,
          t,
          col,
          raw,
          range.reasonSql ?? sqlString(range.reason),
          'row rejected',
          `${p} IS NOT NULL AND (${range.cond})`,
        );
      continue;
    }
    await issue(
      db,
      t,
      col,
      raw,
      sqlString(notParsedReason(f, input.mapping, input.read.datePattern)),
      'value set to missing',
      `NOT ${blank} AND ${p} IS NULL`,
    );
    if (range)
      await issue(
        db,
        t,
        col,
        raw,
        range.reasonSql ?? sqlString(range.reason),
        'value set to missing',
        `${p} IS NOT NULL AND (${range.cond})`,
      );
    if (f.type === 'number' || f.type === 'count') {
      const reason =
        styles.get(rawOf(f)) === 'decimal-comma'
          ? 'decimal comma read as a decimal point'
          : 'thousands separators removed';
      await issue(
        db,
        t,
        col,
        raw,
        sqlString(reason),
        'value coerced',
        `TRY_CAST(trim(${raw}) AS DOUBLE) IS NULL AND ${p} IS NOT NULL`,
      );
    }
    if (REPORT_BLANKS[input.mapping.entity]?.includes(f.role)) {
      await issue(db, t, col, raw, sqlString(`blank ${f.label}`), 'blank kept as missing', blank);
    }
  }
  if (input.mapping.entity === 'overrides') {
    const has = (role: string) => fields.some((f) => f.role === role);
    const tier = has('tier') ? `nullif(trim("tier__raw"), '')` : 'NULL';
    const score = has('score') ? `"score__p"` : 'NULL';
    await issue(
      db,
      t,
      input.mapping.columns.tier ?? input.mapping.columns.score ?? input.mapping.columns.reason!,
      `''`,
      `'override sets neither a tier nor a score'`,
      'row rejected',
      `${tier} IS NULL AND ${score} IS NULL AND ord NOT IN ${rejectedOrds(t)}`,
    );
  }
  // Final values: impossible ones become missing.
  const finals = fields.map((f) => {
    const range = impossible(input.mapping.entity, f, `"${f.role}__p"`);
    return range
      ? `CASE WHEN ${range.cond} THEN NULL ELSE "${f.role}__p" END AS "${f.role}"`
      : `"${f.role}__p" AS "${f.role}"`;
  });
  await db.conn.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT ord, ${fields.map((f) => `"${f.role}__raw"`).join(', ')}, ${finals.join(', ')} FROM ${table}`,
  );
  return t;
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
    const cols = t.fields.map((f) => `t."${f.role}"`);
    // Through a relation the row's own key is part of what it says: an account's two subscriptions
    // with the same figures on one day are two rows, not one exported twice.
    const via = t.input.mapping.via;
    const k = via ? t.input.columns.indexOf(via.column) : -1;
    if (k >= 0) cols.push(`nullif(trim(s.c${k}), '')`);
    const join = k >= 0 ? `JOIN ${t.staged.table} s ON s.rowid = t.ord` : '';
    await db.conn
      .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, ord, NULL, '(row)', account_id,
        'exact duplicate of an earlier row in this file (counted once)', 'row rejected'
      FROM (SELECT t.ord, t.account_id, row_number() OVER (PARTITION BY ${cols.join(', ')} ORDER BY t.ord) AS rn
            FROM ${t.table} t ${join} WHERE t.ord NOT IN ${rejectedOrds(t)}) WHERE rn > 1`);
  }
}

/** Churn dated before the account started cannot be an outcome of its health: the dates disagree. */
async function rejectChurnBeforeStart(db: Database, t: Typed): Promise<void> {
  await db.conn
    .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, x.ord, NULL, ${sqlString(t.input.mapping.columns.churn_date!)},
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
  await issue(
    db,
    t,
    t.input.mapping.columns.mrr!,
    `"mrr__raw"`,
    `'no ARR column: ARR = MRR × 12'`,
    'value coerced',
    `mrr IS NOT NULL AND ord NOT IN ${rejectedOrds(t)}`,
  );
}

const LOGIN_EVENT = `regexp_matches(lower(event), '(^|[^a-z])(log ?in|logged in|sign ?in|signed in|session ?start)')`;
const API_EVENT = `regexp_matches(lower(event), '(^|[^a-z])api([^a-z]|$)')`;
/** A finished course, lesson or certification ("Course Completed", "certification_earned"). */
const TRAINING_EVENT = `regexp_matches(lower(event), '(course|lesson|training|tutorial|certification|academy)[^a-z]*(complet|finish|pass|earn)')`;
/** Posting or replying in the customer community or forum. */
const COMMUNITY_EVENT = `regexp_matches(lower(event), '(community|forum)[^a-z]*(post|repl|comment|answer|question|thread)')`;

async function insertRows(db: Database, t: Typed): Promise<void> {
  const spec = EXPORT_TABLES.find((s) => s.name === entitySpec(t.input.mapping.entity).table);
  // A lookup table (links) fills no table of its own: it only gave other files their accounts.
  if (!spec) return;
  const has = (role: string) => t.fields.some((f) => f.role === role);
  const keep = `FROM ${t.table} WHERE ord NOT IN ${rejectedOrds(t)}`;
  if (t.input.mapping.entity === 'usage_events') {
    // Event rows become daily aggregates with the same meaning as a daily export.
    const keyEvents = t.input.mapping.keyEvents ?? [];
    // Logins, API calls, training and community events are counted only when the file has any: a product
    // that does not track them leaves those signals unavailable, not zero.
    const tracks = async (re: string) =>
      has('event') &&
      Number((await db.conn.runAndReadAll(`SELECT count(*) FILTER (WHERE ${re}) AS n ${keep}`)).getColumns()[0]![0]) >
        0;
    const logins = await tracks(LOGIN_EVENT);
    const api = await tracks(API_EVENT);
    const training = await tracks(TRAINING_EVENT);
    const community = await tracks(COMMUNITY_EVENT);
    await db.conn
      .run(`INSERT INTO usage_events (account_id, date, active_users, logins, features_used, key_actions, session_minutes, api_calls, trainings_completed, community_actions)
      SELECT account_id, "timestamp" AS date,
        ${has('user_id') ? 'count(DISTINCT user_id)' : 'NULL'}::DOUBLE,
        ${logins ? `count(*) FILTER (WHERE ${LOGIN_EVENT})` : 'NULL'}::DOUBLE,
        ${has('event') ? 'count(DISTINCT event)' : 'NULL'}::DOUBLE,
        ${has('event') && keyEvents.length > 0 ? `count(*) FILTER (WHERE event IN (${list(keyEvents)}))` : 'NULL'}::DOUBLE,
        NULL::DOUBLE,
        ${api ? `count(*) FILTER (WHERE ${API_EVENT})` : 'NULL'}::DOUBLE,
        ${training ? `count(*) FILTER (WHERE ${TRAINING_EVENT})` : 'NULL'}::DOUBLE,
        ${community ? `count(*) FILTER (WHERE ${COMMUNITY_EVENT})` : 'NULL'}::DOUBLE
      ${keep} GROUP BY 1, 2`);
    return;
  }
  const cols = Object.entries(spec.columns);
  await db.conn.run(`INSERT INTO ${spec.name} (${cols.map(([c]) => `"${c}"`).join(', ')})
    SELECT ${cols.map(([c, type]) => (has(c) ? `CAST("${c}" AS ${type})` : `NULL::${type}`)).join(', ')} ${keep}`);
}

const DATE_ROLE: Record<EntityId, string> = {
  accounts: 'signup_date',
  usage_daily: 'date',
  usage_events: 'timestamp',
  tickets: 'opened_at',
  invoices: 'issued_date',
  nps: 'responded_at',
  churn: 'churn_date',
  renewals: 'renewal_date',
  overrides: 'created_at',
  links: '',
  subscriptions: 'start_date',
};

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
      typed.push(await typeFile(db, idx, input, poll));
    }
    check();
    progress('Checking accounts', inputs.length / totalSteps);
    const accounts = typed.filter((t) => t.input.mapping.entity === 'accounts');
    for (const t of accounts) await rejectFooterRows(db, t);
    for (const t of accounts) await arrFromMrr(db, t);
    await rejectDuplicates(db, accounts, 'account_id', 'account id');
    for (const t of accounts) await insertRows(db, t);
    await requireAccounts(db, accounts);
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
    await rejectExactDuplicates(db, [...byEntity('usage_daily'), ...byEntity('usage_events')]);
    for (const t of others) if (t.input.mapping.entity !== 'churn') await insertRows(db, t);
    await fillSignupDates(db, accounts);
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
    const range = hasDate
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
    await db.conn.run(
      `DROP TABLE IF EXISTS stg_${t.idx}; DROP TABLE IF EXISTS stg_${t.idx}_rejects; DROP TABLE IF EXISTS stg_${t.idx}_scans; DROP TABLE IF EXISTS ${t.table}`,
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
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE first_activity AS
    SELECT account_id, min(d) AS d FROM (
      SELECT account_id, date AS d FROM usage_events UNION ALL SELECT account_id, opened_at::DATE FROM tickets
      UNION ALL SELECT account_id, issued_date FROM invoices UNION ALL SELECT account_id, responded_at FROM nps
      UNION ALL SELECT account_id, start_date FROM subscriptions) GROUP BY 1`);
  for (const t of accounts) {
    const col = t.input.mapping.columns.signup_date ?? '(no start date column)';
    const raw = t.fields.some((f) => f.role === 'signup_date') ? 'x."signup_date__raw"' : "''";
    await db.conn
      .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, x.ord, NULL, ${sqlString(col)}, coalesce(${raw}, ''),
        CASE WHEN f.d IS NULL THEN 'no start date and no activity: the account cannot be scored' ELSE 'no start date: first activity date ' || strftime(f.d, '%Y-%m-%d') || ' used' END,
        CASE WHEN f.d IS NULL THEN 'value set to missing' ELSE 'value coerced' END
      FROM ${t.table} x JOIN accounts a ON a.account_id = x.account_id AND a.signup_date IS NULL
      LEFT JOIN first_activity f ON f.account_id = x.account_id
      WHERE x.ord NOT IN ${rejectedOrds(t)}`);
  }
  await db.conn.run(
    `UPDATE accounts SET signup_date = f.d FROM first_activity f WHERE accounts.account_id = f.account_id AND accounts.signup_date IS NULL`,
  );
}
