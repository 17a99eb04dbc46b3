/**
 * A typed file's kept rows into its canonical table (accounts, usage_events,
 * tickets, …). Rows typed straight into the canonical layout (typeFile.ts)
 * become the table: the rejected rows deleted, the working columns dropped,
 * the table renamed, so that 3 M usage rows are not copied (0.6 s of CPU each
 * import at that size). Every other file's rows are copied, with casts.
 */
import type { Database } from '../data/duckdb.js';
import { EXPORT_TABLES } from '../data/exportTables.js';
import { ensureExtraColumns } from '../data/extraColumns.js';
import { insertProductEvents } from './productEvents.js';
import { extraColumnName, EXTRA_SQL_TYPE } from '../../core/import/extraColumns.js';
import { entitySpec, type EntityId } from '../../core/import/entities.js';
import { sqlList } from './fieldSql.js';
import { rejectedOrds, scalar, type Typed } from './typeFile.js';

/** The date a file's summary spans, per entity. */
export const DATE_ROLE: Record<EntityId, string> = {
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
  score_history: 'score_date',
};

const LOGIN_EVENT = `regexp_matches(lower(event), '(^|[^a-z])(log ?in|logged in|sign ?in|signed in|session ?start)')`;
const API_EVENT = `regexp_matches(lower(event), '(^|[^a-z])api([^a-z]|$)')`;
/** A finished course, lesson or certification ("Course Completed", "certification_earned"). */
const TRAINING_EVENT = `regexp_matches(lower(event), '(course|lesson|training|tutorial|certification|academy)[^a-z]*(complet|finish|pass|earn)')`;
/** Posting or replying in the customer community or forum. */
const COMMUNITY_EVENT = `regexp_matches(lower(event), '(community|forum)[^a-z]*(post|repl|comment|answer|question|thread)')`;

export async function insertRows(db: Database, t: Typed): Promise<void> {
  const spec = EXPORT_TABLES.find((s) => s.name === entitySpec(t.input.mapping.entity).table);
  // A lookup table (links) fills no table of its own: it only gave other files their accounts.
  if (!spec) return;
  const has = (role: string) => t.fields.some((f) => f.role === role);
  // A churn file's rows flagged as not churned are loaded (the account is known active) but are no churn event.
  const flagged = t.input.mapping.entity === 'churn' && has('churned') ? ' AND churned' : '';
  const keep = `FROM ${t.table} WHERE ord NOT IN ${rejectedOrds(t)}${flagged}`;
  if (t.input.mapping.entity === 'usage_events') {
    // Its extra columns stay per event (product_events.ts): rolled up per day, a count would count days.
    if ((t.input.mapping.extras ?? []).length > 0) await insertProductEvents(db, t, keep);
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
        ${has('event') && keyEvents.length > 0 ? `count(*) FILTER (WHERE event IN (${sqlList(keyEvents)}))` : 'NULL'}::DOUBLE,
        NULL::DOUBLE,
        ${api ? `count(*) FILTER (WHERE ${API_EVENT})` : 'NULL'}::DOUBLE,
        ${training ? `count(*) FILTER (WHERE ${TRAINING_EVENT})` : 'NULL'}::DOUBLE,
        ${community ? `count(*) FILTER (WHERE ${COMMUNITY_EVENT})` : 'NULL'}::DOUBLE
      ${keep} GROUP BY 1, 2`);
    return;
  }
  const extras = t.input.mapping.extras ?? [];
  await ensureExtraColumns(db, spec.name, t.input.label, extras);
  // Only over an empty table without extra columns (an earlier file of the entity may have kept some).
  if (
    t.rows &&
    !flagged &&
    (await scalar(db, `SELECT count(*) FROM ${spec.name}`)) === 0 &&
    (await scalar(
      db,
      `SELECT count(*) FROM information_schema.columns WHERE table_name = '${spec.name}' AND starts_with(column_name, 'x_')`,
    )) === 0
  )
    return becomeTable(db, t);
  const cols: [string, string][] = [
    ...Object.entries(spec.columns),
    ...extras.map((e): [string, string] => [extraColumnName(e.name), EXTRA_SQL_TYPE[e.kind]]),
  ];
  await db.conn.run(`INSERT INTO ${spec.name} (${cols.map(([c]) => `"${c}"`).join(', ')})
    SELECT ${cols.map(([c, type]) => (has(c) ? `CAST("${c}" AS ${type})` : `NULL::${type}`)).join(', ')} ${keep}`);
}

/**
 * Rows typed in the canonical layout become the (still empty) canonical table: the rows the checks
 * rejected are deleted (the same rows the copy skipped), the date range is taken for the summary,
 * the view and working columns dropped and the table renamed. A second file of the entity is copied.
 */
async function becomeTable(db: Database, t: Typed): Promise<void> {
  const { table, spec } = t.rows!;
  await db.conn.run(`DELETE FROM ${table} WHERE rowid IN ${rejectedOrds(t)}`);
  const dateRole = DATE_ROLE[t.input.mapping.entity];
  const range = t.fields.some((f) => f.role === dateRole)
    ? (
        await db.conn.runAndReadAll(
          `SELECT strftime(min("${dateRole}"), '%Y-%m-%d'), strftime(max("${dateRole}"), '%Y-%m-%d') FROM ${table}`,
        )
      ).getRowsJson()[0]!
    : [null, null];
  const working = ['flagged', 'row_text', ...t.fields.map((f) => f.role).filter((r) => !(r in spec.columns))];
  await db.conn.run(`DROP VIEW ${t.table}`);
  for (const c of working) await db.conn.run(`ALTER TABLE ${table} DROP COLUMN "${c}"`);
  await db.conn.run(`DROP TABLE ${spec.name}`);
  await db.conn.run(`ALTER TABLE ${table} RENAME TO ${spec.name}`);
  t.moved = { firstDate: (range[0] as string | null) ?? null, lastDate: (range[1] as string | null) ?? null };
}
