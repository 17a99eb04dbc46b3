/**
 * Why snapshots could not be built from files that did load, in plain words:
 * which entity lacks what, and what to change in the import so it works.
 */
import type { ImportedFile } from '../import/importFiles.js';
import { ISSUES_TABLE } from '../import/issues.js';
import type { Database } from './duckdb.js';
import { sqlString } from './duckdb.js';

const USAGE = new Set<ImportedFile['entity']>(['usage_daily', 'usage_events']);

const n = (v: number) => v.toLocaleString('en-US');

/** Entities that say who the accounts are and what became of them, but nothing of how they were doing over time. */
const ONE_MOMENT = new Set<ImportedFile['entity']>(['accounts', 'churn', 'renewals', 'links']);

/**
 * Exports of one moment (a one-row-per-customer churn extract): the churn is already in them and
 * nothing says how an account was doing before it, so no score can be tested against later churn.
 */
async function oneMoment(db: Database, imported: readonly ImportedFile[]): Promise<string> {
  const [accounts, churned] = (
    await db.conn.runAndReadAll(
      'SELECT (SELECT count(*) FROM accounts)::BIGINT, (SELECT count(DISTINCT account_id) FROM churn)::BIGINT',
    )
  )
    .getRowsJson()[0]!
    .map(Number) as [number, number];
  const day = (
    await db.conn.runAndReadAll(
      `SELECT max(regexp_extract(reason, 'the export date (\\d{4}-\\d{2}-\\d{2}) used', 1)) FROM ${ISSUES_TABLE}
       WHERE reason LIKE 'churned with no churn date: the export date % used'`,
    )
  ).getRowsJson()[0]![0];
  const by = typeof day === 'string' && day !== '' ? `by the export date ${day}` : 'by the time it was exported';
  const files = imported.map((f) => f.label).join(', ');
  return (
    `${files} ${imported.length === 1 ? 'is' : 'are'} one moment: ${n(accounts)} accounts, ${churned > 0 ? `of which ${n(churned)} had churned ${by}` : 'none known to have churned'}. ` +
    'Nothing in it says how an account was doing before it churned, so no health score can be tested against the churn that came after it: ' +
    'a backtest needs each account as it was at earlier dates. To backtest, add an export over time with the same account ids: ' +
    'product usage (one row per account and day, or per event) or a score history (each account’s score by date), and import again.'
  );
}

/** The most common reason a file's rows were rejected, with its count and first line. */
async function topRejection(
  db: Database,
  file: string,
): Promise<{ reason: string; rows: number; line: number } | null> {
  const r = (
    await db.conn.runAndReadAll(
      `SELECT reason, count(*)::BIGINT, min(line)::BIGINT FROM ${ISSUES_TABLE} WHERE file = ${sqlString(file)} AND action = 'row rejected'
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    )
  ).getRowsJson()[0];
  return r ? { reason: String(r[0]), rows: Number(r[1]), line: Number(r[2]) } : null;
}

/** What to do about rows rejected for this reason. */
function fixFor(reason: string): string {
  if (/not in (the accounts export|\S+\.\w+)/.test(reason))
    return "map its Account ID to the column holding the accounts' ids, or add a relation through a file that has them (a subscriptions or contacts export)";
  if (/date/.test(reason))
    return 'map its Date column to the column holding each row’s day and give the date format it uses';
  if (/^blank/.test(reason)) return 'map that field to a column that is filled in';
  return 'fix those rows or map the right columns';
}

/** The message for a failure while building snapshots over files that loaded. */
export async function explainBuildFailure(
  db: Database,
  err: unknown,
  imported: readonly ImportedFile[],
): Promise<string> {
  const text = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  // The snapshot window found no dated usage row and no dated score (a score history alone also builds snapshots).
  if (!/no snapshot date to build/.test(text)) return text;
  // A score history was imported: the window's own words already name both ways out.
  if (imported.some((f) => f.entity === 'score_history')) return text;
  if (imported.every((f) => ONE_MOMENT.has(f.entity))) return oneMoment(db, imported);
  const usage = imported.filter((f) => USAGE.has(f.entity));
  if (usage.length === 0)
    return 'No usage file was imported, and the snapshots are built month by month from product usage: add the usage export (one row per account and day, or per event) and map its Account ID and Date columns.';
  const parts: string[] = [];
  for (const f of usage) {
    const top = f.rowsLoaded === 0 ? await topRejection(db, f.label) : null;
    parts.push(
      top
        ? `${f.label}: all ${n(f.rowsRead)} rows were rejected (${n(top.rows)} with "${top.reason}", first on line ${n(top.line)}): ${fixFor(top.reason)}`
        : f.rowsRead === 0
          ? `${f.label} has no rows: export the usage again with its rows`
          : `${f.label}: ${n(f.rowsLoaded)} of ${n(f.rowsRead)} rows loaded, none with a date: map its Date column`,
    );
  }
  return `No usage row loaded with an account and a date, so there is no month to score. ${parts.join('; ')}. Then import again; the issue log lists every rejected row.`;
}
