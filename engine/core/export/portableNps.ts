/**
 * The warehouse SQL's NPS part, from the built-in definitions (core/signals/builtinNps.ts), for the one
 * as-of date: the answers in the window ranked latest first (nps_rows), the latest and the count per
 * account (np), and the NPS signals' columns over them.
 */
import { NPS_SIGNALS, npsSignalSql, npsWindowSql, type NpsRefs } from '../signals/builtinNps.js';

/** The steps nps_rows and np over snap (account_id, as_of). */
export function npsCtes(): string {
  return `nps_rows AS (
  SELECT s.account_id, p.score, ROW_NUMBER() OVER (PARTITION BY s.account_id ORDER BY p.responded_at DESC, p.response_id DESC NULLS LAST) AS r
  FROM snap s JOIN nps p ON p.account_id = s.account_id AND ${npsWindowSql('p.responded_at', 's.as_of', (n) => `s.as_of - INTERVAL '${n} months'`)}
),
np AS (
  SELECT account_id, MAX(CASE WHEN r = 1 THEN score END) AS latest, COUNT(*) AS responses FROM nps_rows GROUP BY account_id
)`;
}

/** The step np joined to snap s. */
export function npsJoins(): string {
  return 'LEFT JOIN np ON np.account_id = s.account_id';
}

/** The NPS signals' select-list entries over np and the presence flags h. */
export function npsColumns(): string {
  const refs: NpsRefs = { carries: () => 'h.nps', latest: 'np.latest', count: 'np.responses' };
  return NPS_SIGNALS.map((s) => `${npsSignalSql(s, refs)} AS ${s.id}`).join(',\n    ');
}
