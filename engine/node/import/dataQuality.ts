/**
 * The data-quality panel: per source how many rows, how many accounts it
 * covers and how stale it is; per signal how many accounts have a value at
 * the latest snapshot; accounts without usage, with too little data to score,
 * rows dropped for naming an account that is not in the accounts export, and
 * whether any outcome (a churn, a missed renewal) was loaded at all.
 */
import { sqlString, type Database } from '../data/duckdb.js';
import type { DataQuality } from '../../core/api/importSchema.js';
import { SIGNALS } from '../../core/signals/catalog.js';
import type { SnapshotFrame } from '../../core/snapshots/frame.js';
import { hasInsufficientData } from '../../core/scoring/dataSufficiency.js';
import { ISSUES_TABLE } from './issues.js';
import { outcomeAccounting } from '../snapshots/episodeTable.js';
import { scoreCoverage } from '../../core/insight/scoreCoverage.js';
import { EXPORT_DATED_SQL } from './churnFlags.js';
import type { ImportedFile } from './importFiles.js';

async function rows(db: Database, sql: string) {
  return (await db.conn.runAndReadAll(sql)).getRowObjectsJson();
}

/** The score history's rows, accounts and dates (rows with a known date and score), with its coverage of the snapshots. */
async function scoreHistory(db: Database, frame: SnapshotFrame): Promise<DataQuality['scoreHistory']> {
  const coverage = scoreCoverage(frame);
  if (!coverage) return undefined;
  const r = (
    await rows(
      db,
      `SELECT count(*) AS n, count(DISTINCT account_id) AS a, strftime(min(score_date), '%Y-%m-%d') AS first,
        strftime(max(score_date), '%Y-%m-%d') AS last FROM score_history WHERE score IS NOT NULL AND score_date IS NOT NULL`,
    )
  )[0]!;
  return {
    ...coverage,
    rows: Number(r.n),
    accounts: Number(r.a),
    firstDate: String(r.first ?? ''),
    lastDate: String(r.last ?? ''),
  };
}

/** Churned rows dated at the export date (no churn date of their own), per file; none without an issue log. */
async function exportDated(
  db: Database,
  hasIssues: boolean,
  imported: readonly ImportedFile[],
): Promise<DataQuality['exportDated']> {
  if (!hasIssues) return [];
  const entity = new Map(imported.map((f) => [f.label, f.entity]));
  return (await rows(db, EXPORT_DATED_SQL)).flatMap((r) => {
    const e = entity.get(String(r.file));
    return e ? [{ file: String(r.file), entity: e, asOf: String(r.as_of), rows: Number(r.n) }] : [];
  });
}

/** `imported`: the files of an import (empty for a standard folder), to say what their rows are. */
export async function dataQuality(
  db: Database,
  frame: SnapshotFrame,
  imported: readonly ImportedFile[] = [],
): Promise<DataQuality> {
  const asOf = frame.meta.observedThrough;
  const accounts = Number((await rows(db, 'SELECT count(*) AS n FROM accounts'))[0]!.n);
  // Each source and the date it is stale by. Here, not a module constant, so Stryker switches its mutants per test.
  const sourceDates: Record<string, string> = {
    usage_events: 'date',
    tickets: 'opened_at',
    invoices: 'issued_date',
    nps: 'responded_at',
    churn: 'churn_date',
    renewals: 'renewal_date',
    overrides: 'created_at',
    subscriptions: 'start_date',
  };
  const sources: DataQuality['sources'] = [];
  for (const [table, col] of Object.entries(sourceDates)) {
    const r = (
      await rows(
        db,
        `SELECT count(*) AS n, count(DISTINCT account_id) AS a, strftime(max("${col}"), '%Y-%m-%d') AS last FROM "${table}"`,
      )
    )[0]!;
    // Subscriptions are listed only when the export has them.
    if (table === 'subscriptions' && Number(r.n) === 0) continue;
    const last = (r.last as string | null) ?? null;
    sources.push({
      table,
      rows: Number(r.n),
      accountsCovered: Number(r.a),
      coverage: accounts > 0 ? Number(r.a) / accounts : 0,
      lastDate: last,
      daysStale: last ? Math.round((Date.parse(asOf) - Date.parse(last)) / 86_400_000) : null,
    });
  }
  const latest = frame.meta.periods.length - 1;
  const at: number[] = [];
  for (let i = 0; i < frame.n; i++) if (frame.period[i] === latest) at.push(i);
  const signals = SIGNALS.map((s) => {
    const v = frame.values[s.id];
    let ok = 0;
    for (const i of at) if (!Number.isNaN(v[i]!)) ok++;
    return { signal: s.id, label: s.label, coverage: at.length > 0 ? ok / at.length : 0 };
  });
  const insufficient = at.filter((i) => hasInsufficientData(frame, i));
  const noUsage = Number(
    (
      await rows(
        db,
        'SELECT count(*) AS n FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM usage_events u WHERE u.account_id = a.account_id)',
      )
    )[0]!.n,
  );
  const hasIssues =
    Number((await rows(db, `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = '${ISSUES_TABLE}'`))[0]!.n) >
    0;
  const unknown = hasIssues
    ? (
        await rows(
          db,
          `SELECT file, count(*) AS n FROM ${ISSUES_TABLE} WHERE reason = 'account id not in the accounts export' GROUP BY 1 ORDER BY 2 DESC`,
        )
      ).map((r) => ({ file: String(r.file), rows: Number(r.n) }))
    : [];
  const outcomes = await outcomeAccounting(db, asOf);
  const missedRenewals = Number(
    (
      await rows(
        db,
        `SELECT count(*) AS n FROM renewals WHERE renewed IS FALSE AND renewal_date <= ${sqlString(asOf)}::DATE
         AND account_id IN (SELECT account_id FROM accounts)`,
      )
    )[0]!.n,
  );
  return {
    asOf,
    accounts,
    sources,
    signals,
    accountsWithoutUsage: noUsage,
    insufficientData: insufficient.length,
    insufficientExamples: insufficient.slice(0, 5).map((i) => frame.meta.accountNames[frame.account[i]!]!),
    rejectedUnknownAccount: unknown,
    outcomeEvents: { churns: outcomes.churnsFromEvents + outcomes.churnsFromSubscriptions, missedRenewals },
    outcomes,
    scoreHistory: await scoreHistory(db, frame),
    exportDated: await exportDated(db, hasIssues, imported),
  };
}
