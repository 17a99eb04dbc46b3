/**
 * The snapshot SQL's NPS part, from the built-in definitions (engine/core/signals/builtinNps.ts): per
 * (account, period) the latest answer and the count (np), and the NPS signals' columns over them.
 */
import { NPS_SIGNALS, npsSignalSql, npsWindowSql, type NpsRefs } from '../../core/signals/builtinNps.js';

/** The step np over snap, given the batch's rows of a table and the snapshot's column of the as-of date less n months. */
export function npsCtes(rows: (table: string) => string, monthsBefore: (n: number) => string): string {
  return `np AS (
  SELECT s.aidx, s.midx,
    -- The latest answer; same-day answers by id, so the SQL export can reproduce it (an ordered
    -- aggregate here would hold every row in memory at ten million events).
    arg_max(p.score, strftime(p.responded_at, '%Y%m%d') || coalesce(p.response_id, '')) AS latest, count(*) AS responses
  FROM snap s JOIN ${rows('nps')} p ON p.account_id = s.account_id
    AND ${npsWindowSql('p.responded_at', 's.as_of', monthsBefore)}
  GROUP BY ALL
)`;
}

export const npsJoins = 'LEFT JOIN np p ON p.aidx = s.aidx AND p.midx = s.midx';

/** The NPS signals' select-list entries, given whether the export has NPS answers. */
export function npsSignalColumns(hasNps: boolean): string {
  const refs: NpsRefs = { carries: () => (hasNps ? 'TRUE' : 'FALSE'), latest: 'p.latest', count: 'p.responses' };
  return NPS_SIGNALS.map((s) => `${npsSignalSql(s, refs)} AS ${s.id}`).join(',\n  ');
}
