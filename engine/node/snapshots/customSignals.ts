/**
 * A configuration's custom signals added to a snapshot frame: the compiler's SQL
 * (engine/core/signals/customSql.ts, the same the warehouse SQL runs) over the loaded tables for
 * every account and snapshot date, in account batches, then a new frame holding the built-in
 * columns and one column per custom signal. The built-in frame is left as it was.
 */
import type { CustomSignal } from '../../core/api/schema/customSignal.js';
import { allocateFrame } from '../../core/api/frameCodec.js';
import { signalColumnName } from '../../core/signals/catalog.js';
import { requireCustomColumns, type ExtraColumnKinds } from '../../core/signals/customColumns.js';
import { customSignalsSql } from '../../core/signals/customSql.js';
import type { SnapshotFrame } from '../../core/snapshots/frame.js';
import { DUCKDB_MEMORY, memoryBytes, sqlString, type Database } from '../data/duckdb.js';
import { batchRowsFor } from './buildSnapshots.js';
import { accountsExportDate } from '../import/exportDates.js';

/** The fixed columns copied into the wider frame as they are. */
const COPIED = [
  'account',
  'period',
  'segment',
  'plan',
  'region',
  'onboarding',
  'ageDays',
  'arr',
  'daysToChurn',
  'daysToLapse',
  'observedDays',
  'overrideIdx',
] as const satisfies readonly Exclude<keyof SnapshotFrame, 'meta' | 'n' | 'values'>[];

export async function addCustomSignals(
  db: Database,
  frame: SnapshotFrame,
  signals: readonly CustomSignal[],
  extraColumns: ExtraColumnKinds,
  batchRows = batchRowsFor(memoryBytes(DUCKDB_MEMORY)),
): Promise<SnapshotFrame> {
  if (signals.length === 0) return frame;
  const accountsAsOf = await accountsExportDate(db);
  const accountsKnownFrom = accountsAsOf === null ? undefined : `DATE ${sqlString(accountsAsOf)}`;
  // Before any work: a signal on a column the data lacks is named, with its table.
  requireCustomColumns(signals, extraColumns);
  const { meta } = frame;
  const out = allocateFrame({ ...meta, signals: [...meta.signals, ...signals.map((s) => s.id)] }, frame.n);
  for (const c of COPIED) out[c].set(frame[c]);
  for (const id of meta.signals) out.values[id]!.set(frame.values[id]!);
  const targets = signals.map((s) => {
    const col = out.values[s.id]!;
    col.fill(Number.NaN);
    return col;
  });

  // Frame row of each (period, account): the query covers every account at every date, and only these are kept.
  const accounts = meta.accountIds.length;
  const at = new Int32Array(meta.periods.length * accounts).fill(-1);
  for (let i = 0; i < frame.n; i++) at[frame.period[i]! * accounts + frame.account[i]!] = i;
  const aidx = new Map(meta.accountIds.map((id, a) => [id, a]));

  const periods = meta.periods.map((d, i) => `(${i}, DATE '${d}')`).join(', ');
  const step = Math.max(1, Math.floor(batchRows / Math.max(1, meta.periods.length)));
  const ids = [...meta.accountIds].filter((id) => id !== null).sort();
  const columns = signals.map((s) => signalColumnName(s.id));
  for (let lo = 0; lo < ids.length; lo += step) {
    const batch = ids.slice(lo, lo + step);
    const sql = `WITH periods(midx, as_of) AS (VALUES ${periods}),
snap AS (
  SELECT a.account_id, p.midx, p.as_of, a.seats FROM accounts a CROSS JOIN periods p
  WHERE a.account_id BETWEEN ${sqlString(batch[0]!)} AND ${sqlString(batch[batch.length - 1]!)}
),
${customSignalsSql(signals, { usageIntervalDays: meta.usageIntervalDays, extraColumns, ...(accountsKnownFrom ? { accountsKnownFrom } : {}) })}
SELECT cs.account_id, p.midx::INTEGER AS midx, ${columns.map((c) => `cs.${c}::DOUBLE AS ${c}`).join(', ')}
FROM custom_signals cs JOIN periods p ON p.as_of = cs.as_of`;
    const result = await db.conn.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const account = chunk.getColumnVector(0);
      const midx = chunk.getColumnVector(1);
      const rows = new Int32Array(chunk.rowCount);
      for (let j = 0; j < chunk.rowCount; j++) {
        const a = aidx.get(account.getItem(j) as string);
        rows[j] = a === undefined ? -1 : at[(midx.getItem(j) as number) * accounts + a]!;
      }
      targets.forEach((target, k) => {
        const v = chunk.getColumnVector(2 + k);
        for (let j = 0; j < chunk.rowCount; j++) {
          const i = rows[j]!;
          if (i >= 0) target[i] = (v.getItem(j) as number | null) ?? Number.NaN;
        }
      });
    }
  }
  return out;
}
