/**
 * The CS platform's own score at each snapshot, strictly point-in-time: the
 * account's latest score dated on or before the snapshot date, and only while
 * it is at most CURRENT_SCORE_STALE_DAYS old. An older score is unavailable at
 * that snapshot rather than carried forward for ever: a platform that stopped
 * scoring an account says nothing about it now.
 */
import { sqlString, type Database } from '../data/duckdb.js';
import type { CurrentScoreMeta, SnapshotFrame } from '../../core/snapshots/frame.js';

/** A monthly platform score plus two weeks' grace for a late scoring run. */
export const CURRENT_SCORE_STALE_DAYS = 45;

/** Score rows with a known account and date, one per account and date (the import rejects the second). */
const HISTORY = `SELECT a.aidx, s.score_date, s.score, nullif(trim(s.status), '') AS status
  FROM score_history s JOIN snap_accounts a USING (account_id)
  WHERE s.score IS NOT NULL AND s.score_date IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY a.aidx, s.score_date ORDER BY s.score, status) = 1`;

/**
 * What the frame's header says about the imported score, or undefined when
 * there is none. Needs snap_accounts (numberAccounts). Statuses are listed
 * best first (by their rows' mean score), so their order means something.
 */
export async function currentScoreMeta(db: Database): Promise<CurrentScoreMeta | undefined> {
  const r = await db.conn.runAndReadAll(`WITH h AS (${HISTORY})
    SELECT count(*)::INTEGER AS n, max(score)::DOUBLE AS top, count(DISTINCT score_date)::INTEGER AS dates,
      strftime(min(score_date), '%Y-%m-%d') AS first,
      (SELECT list(status ORDER BY m DESC, status) FROM (SELECT status, avg(score) AS m FROM h WHERE status IS NOT NULL GROUP BY 1)) AS statuses
    FROM h`);
  const row = r.getRowObjectsJS()[0] as {
    n: number;
    top: number | null;
    dates: number;
    first: string | null;
    statuses: string[] | null;
  };
  if (!row || row.n === 0) return undefined;
  const statuses = row.statuses ?? [];
  if (statuses.length > 255)
    throw new Error(`score history: too many distinct statuses (${statuses.length}); at most 255`);
  return {
    staleDays: CURRENT_SCORE_STALE_DAYS,
    scale: (row.top ?? 0) <= 10 ? 10 : 100,
    statuses,
    rows: row.n,
    ...(row.dates === 1 && row.first ? { oneDate: row.first } : {}),
  };
}

/**
 * Fill frame.currentScore (0–100) and frame.currentStatus for every snapshot
 * whose account has a score in force at its date. `indexOf(period, account)`
 * gives the frame row of a snapshot, or -1 when there is none.
 */
export async function fillCurrentScore(
  db: Database,
  frame: SnapshotFrame,
  indexOf: (period: number, account: number) => number,
): Promise<void> {
  const meta = frame.meta.currentScore;
  const score = frame.currentScore;
  const status = frame.currentStatus;
  if (!meta || !score || !status) return;
  score.fill(Number.NaN);
  status.fill(0);
  const periods = frame.meta.periods.map((d, i) => `(${i}, DATE ${sqlString(d)})`).join(', ');
  const statusValues = meta.statuses.length
    ? `(VALUES ${meta.statuses.map((s, k) => `(${sqlString(s)}, ${k + 1})`).join(', ')}) st(status, code)`
    : `(SELECT NULL::VARCHAR AS status, 0 AS code WHERE false) st`;
  // ASOF: per (snapshot date, account) the score row with the greatest date on or before it.
  const result = await db.conn.runAndReadAll(`WITH periods(midx, as_of) AS (VALUES ${periods}),
    h AS (${HISTORY}),
    grid AS (SELECT m.midx, m.as_of, x.aidx FROM periods m CROSS JOIN (SELECT DISTINCT aidx FROM h) x)
    SELECT g.midx::INTEGER AS midx, g.aidx::INTEGER AS aidx, (h.score * ${100 / meta.scale})::DOUBLE AS score,
      coalesce(st.code, 0)::INTEGER AS code
    FROM grid g ASOF JOIN h ON g.aidx = h.aidx AND h.score_date <= g.as_of
    LEFT JOIN ${statusValues} ON st.status = h.status
    WHERE date_diff('day', h.score_date, g.as_of) <= ${meta.staleDays}`);
  const [midx, aidx, values, codes] = result.getColumnsJS() as [number[], number[], number[], number[]];
  for (let k = 0; k < midx.length; k++) {
    const i = indexOf(midx[k]!, aidx[k]!);
    if (i < 0) continue; // the account was not active (not yet signed up, or churned) at that date
    score[i] = values[k]!;
    status[i] = codes[k]!;
  }
}
