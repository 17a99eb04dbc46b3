/**
 * "Bring the current score": a Gainsight scorecard history beside a Salesforce account list, weekly usage
 * and churn (tests/fixtures/exports/gainsight, written by make_score_history.py). The proposal recognises
 * the file; every row is loaded or rejected with its reason; each snapshot sees the account's latest
 * score dated on or before it and at most 45 days old; and Compare judges the imported score beside the
 * workbench's configuration, with AUC and average precision equal to scikit-learn's on the same rows.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import type { ScenarioInput } from '../../engine/core/api/schema.js';
import { evaluationWindow } from '../../engine/core/backtest/window.js';
import { compareScenarios } from '../../engine/core/compare/compareScenarios.js';
import { statusTiers } from '../../engine/core/compare/currentScore.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG, FOUR_TIER } from '../../engine/core/model/defaults.js';
import { outcomeAt } from '../../engine/core/snapshots/frame.js';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { loadImportedData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import type { ImportInput } from '../../engine/node/import/importFiles.js';
import { ISSUES_TABLE } from '../../engine/node/import/issues.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { rowIndex } from './fixtures.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'exports', 'gainsight');
const FILES = [
  'salesforce_accounts.csv',
  'product_usage_weekly.csv',
  'churned_accounts.csv',
  'gainsight_scorecard_history.csv',
];
const HISTORY = 'gainsight_scorecard_history.csv';
const id = (k: number) => `001A0000${String(k).padStart(2, '0')}`;

let data: LoadedData;
const suggested: Record<string, FileMapping> = {};
beforeAll(async () => {
  const db = await openDatabase();
  const inputs: ImportInput[] = [];
  try {
    for (const name of FILES) {
      const s = await sniffFile(db, join(dir, name));
      suggested[name] = suggestFileMapping(name, s.columns);
      const mapping: FileMapping =
        name === 'salesforce_accounts.csv'
          ? { entity: 'accounts', columns: { account_id: 'Account ID', signup_date: 'Created Date' }, dateFormats: {} }
          : suggested[name]!;
      inputs.push({ path: join(dir, name), label: name, read: s.read, columns: s.columns.map((c) => c.name), mapping });
    }
  } finally {
    db.close();
  }
  data = await loadImportedData(
    inputs,
    'gainsight',
    () => undefined,
    () => false,
  );
});
afterAll(() => data?.close());

/** The imported score in force at a snapshot (NaN: none), or undefined when the account has no snapshot then. */
const scoreAt = (k: number, asOf: string) => {
  const i = rowIndex(data.frame, id(k), asOf);
  return i < 0 ? undefined : data.frame.currentScore![i]!;
};

describe('a Gainsight scorecard history', () => {
  it('is proposed as a score history, its columns found from their Gainsight headers', () => {
    expect(suggested[HISTORY]).toMatchObject({
      entity: 'score_history',
      columns: {
        account_id: 'SFDC Account ID',
        score_date: 'Snapshot Date',
        score: 'Overall Score',
        status: 'Health Status',
      },
    });
  });

  it('loads every row or rejects it with its line and reason, and the counts add up', async () => {
    const f = data.imported!.find((x) => x.label === HISTORY)!;
    const issues = (
      await data.db.conn.runAndReadAll(
        `SELECT line::INTEGER, column_name, value, reason FROM ${ISSUES_TABLE} WHERE file = '${HISTORY}' AND action = 'row rejected' ORDER BY line`,
      )
    ).getRowsJson();
    expect(issues).toEqual([
      [408, 'Snapshot Date', '2024-03-25', 'a second score for the account on this date (the first is kept)'],
      [409, 'Overall Score', '140', 'health score outside 0–100'],
      [410, 'SFDC Account ID', '001A000099', 'account id not in the accounts export'],
    ]);
    expect(f.rowsRead).toBe(410);
    expect(f.rowsRejected).toBe(3);
    expect(f.rowsLoaded + f.rowsRejected).toBe(f.rowsRead);
    expect(data.frame.meta.currentScore).toEqual({
      staleDays: 45,
      scale: 100,
      statuses: ['Good', 'Fair', 'Poor'],
      rows: 407,
    });
  });
});

describe('the score in force at a snapshot', () => {
  it('is the latest dated on or before the snapshot date: a score dated the day after is not seen', () => {
    // Account 10 scored 2024-06-25 and again 2024-07-01 (3): June's snapshot keeps the June score.
    expect(scoreAt(10, '2024-06-30')).not.toBe(3);
    expect(scoreAt(10, '2024-06-30')).toBe(scoreOn(10, '2024-06-25'));
    // Account 11's first score is dated 2024-07-01: nothing at June's snapshot, the 07-25 score at July's.
    expect(scoreAt(11, '2024-06-30')).toBeNaN();
    expect(scoreAt(11, '2024-07-31')).toBe(scoreOn(11, '2024-07-25'));
    // The first kept of two scores for one date: account 1's 2024-03-25 score is the first row's, not the 1.
    expect(scoreAt(1, '2024-03-31')).toBe(scoreOn(1, '2024-03-25'));
    expect(scoreAt(1, '2024-03-31')).not.toBe(1);
  });

  it('stays in force for 45 days and is unavailable after, not carried forward', () => {
    // Account 12's last score is dated 2024-09-25: 36 days before October's snapshot, 66 before November's.
    expect(scoreAt(12, '2024-10-31')).toBe(scoreOn(12, '2024-09-25'));
    expect(scoreAt(12, '2024-11-30')).toBeNaN();
    // Exactly 45 days (2024-10-16 → 2024-11-30) is still in force; 46 days (2024-10-15) is not.
    expect(scoreAt(13, '2024-11-30')).toBe(66);
    expect(scoreAt(14, '2024-11-30')).toBeNaN();
    // No score history at all: no score at any snapshot.
    for (const p of data.frame.meta.periods) expect(scoreAt(15, p)).toBeNaN();
  });

  it('carries the status of the same row, and none where the row left it blank', () => {
    const f = data.frame;
    const at = (k: number, asOf: string) => f.currentStatus![rowIndex(f, id(k), asOf)]!;
    expect(f.meta.currentScore!.statuses[at(10, '2024-07-31') - 1]).toBe(statusOf(scoreOn(10, '2024-07-25')));
    expect(at(17, '2024-12-31')).toBe(0);
    expect(scoreAt(17, '2024-12-31')).toBe(55);
  });
});

describe('Compare: your current score beside the workbench configuration', () => {
  const workbench: ScenarioInput = { name: 'Workbench', config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST };
  const current: ScenarioInput = { ...workbench, name: 'Your current score', score: 'imported', tiersFrom: 'status' };

  it("ranks by the imported score: AUC and average precision are scikit-learn's on the same snapshots", () => {
    const f = data.frame;
    const asOf = f.meta.periods.at(-1)!;
    const c = compareScenarios(f, [workbench, current], asOf);
    // The evaluated snapshots, chosen here: horizon observed, inside the window, with an imported score.
    const w = evaluationWindow(f, DEFAULT_BACKTEST.horizonDays, DEFAULT_BACKTEST.windowMonths);
    const scores: number[] = [];
    const labels: number[] = [];
    let missing = 0;
    for (let i = 0; i < f.n; i++) {
      const m = f.period[i]!;
      if (!w.observed[m] || !w.inWindow[m]) continue;
      if (Number.isNaN(f.currentScore![i]!)) {
        missing++;
        continue;
      }
      scores.push(f.currentScore![i]!);
      labels.push(outcomeAt(f, i, DEFAULT_BACKTEST.horizonDays) === 1 ? 1 : 0);
    }
    const ref = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          `import json,sys
from sklearn.metrics import roc_auc_score, average_precision_score
d = json.load(sys.stdin)
y, s = d['labels'], [-v for v in d['scores']]
print(json.dumps([roc_auc_score(y, s), average_precision_score(y, s)]))`,
        ],
        { input: JSON.stringify({ scores, labels }), encoding: 'utf8' },
      ),
    ) as [number, number];
    const r = c.results[1]!.backtest;
    expect(labels.filter((y) => y === 1).length).toBeGreaterThan(3);
    expect(r.evaluated).toBe(scores.length);
    expect(r.auc).toBeCloseTo(ref[0], 10);
    expect(r.averagePrecision).toBeCloseTo(ref[1], 10);
    // Intervals from the paired bootstrap, around the imported score's own AUC.
    const auc = c.differences[0]!.metrics.find((x) => x.metric === 'auc')!;
    expect(auc.value).toBeCloseTo(ref[0], 10);
    expect(auc.ci).not.toBeNull();
    // Snapshots without a score are left out, counted, and the note says the sets differ.
    expect(missing).toBeGreaterThan(0);
    expect(c.results[0]!.backtest.evaluated - r.evaluated).toBe(missing);
    expect(c.note).toContain(`Your current score has no score in force at ${missing} of the baseline's`);
    expect(c.note).toContain('judged on a different set of snapshots');
    // At the as-of date: accounts 12–15 have no score in force (stale or never scored); the migration pairs the rest.
    const active = Array.from({ length: 30 }, (_, k) => k + 1).filter((k) => scoreAt(k, asOf) !== undefined);
    const unscored = active.filter((k) => Number.isNaN(scoreAt(k, asOf)));
    expect(unscored).toEqual([12, 13, 14, 15]);
    expect(c.note).toContain(
      `at ${asOf}, 4 of ${active.length} accounts have no imported score in force (none in the last 45 days): the tier migration counts only the accounts both scenarios score`,
    );
    expect(c.migration.counts.flat().reduce((x, y) => x + y, 0)).toBe(active.length - 4);
  });

  it("takes its tiers from the platform's statuses when each holds its own score range", () => {
    const made = statusTiers(data.frame, DEFAULT_CONFIG.tiers);
    expect('scheme' in made && made.scheme.tiers.map((t) => [t.name, t.min])).toEqual([
      ['Good', 70],
      ['Fair', 40],
      ['Poor', 0],
    ]);
    const c = compareScenarios(data.frame, [workbench, current], data.frame.meta.periods.at(-1)!);
    expect(c.note).toContain("tiers are your platform's statuses (Good from 70, Fair from 40, Poor below)");
    expect(c.migration.toTiers.map((t) => t.name)).toEqual(['Good', 'Fair', 'Poor']);
  });

  it('falls back to the cut points, and says why, when the statuses do not match the tiers', () => {
    expect(statusTiers(data.frame, FOUR_TIER)).toEqual({
      why: 'its 3 statuses (Good, Fair, Poor) do not match the 4 tiers',
    });
  });
});

function historyRows(): string[][] {
  return readHistory().filter((r) => r[0] !== '001A000099');
}
function scoreOn(k: number, date: string): number {
  const r = historyRows().find((x) => x[0] === id(k) && x[2] === date);
  if (!r) throw new Error(`no fixture score for ${id(k)} on ${date}`);
  return Number(r[3]);
}
const statusOf = (s: number) => (s >= 70 ? 'Good' : s >= 40 ? 'Fair' : 'Poor');

let cached: string[][] | null = null;
function readHistory(): string[][] {
  if (cached) return cached;
  const text = readFileSync(join(dir, HISTORY), 'utf8');
  cached = text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return cached;
}
