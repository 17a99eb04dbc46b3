/**
 * A score history as the snapshots themselves: accounts, Vitally's 0–10 health score at every month-end
 * and churn, with no usage export (tests/fixtures/exports/vitally, written by make_score_history.py).
 * The snapshots fall on the score dates, the score is read × 10, and Compare judges it with AUC equal to
 * scikit-learn's; a one-row-per-account extract (every score one date) gets the plain warning that
 * nothing guarantees its scores were known on that date.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import type { ScenarioInput } from '../../engine/core/api/schema.js';
import { evaluationWindow } from '../../engine/core/backtest/window.js';
import { compareScenarios } from '../../engine/core/compare/compareScenarios.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { outcomeAt } from '../../engine/core/snapshots/frame.js';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { loadImportedData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import type { ImportInput } from '../../engine/node/import/importFiles.js';
import { ISSUES_TABLE } from '../../engine/node/import/issues.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { rowIndex } from './fixtures.js';

const vitally = join(import.meta.dirname, '..', 'fixtures', 'exports', 'vitally');
const opened: LoadedData[] = [];
afterAll(() => opened.forEach((d) => d.close()));

/** Import the files with their proposed mappings (the accounts file's given), snapshots built. */
async function load(
  dir: string,
  accounts: FileMapping['columns'],
  files: string[],
  given: Record<string, FileMapping> = {},
) {
  const db = await openDatabase();
  const inputs: ImportInput[] = [];
  const suggested: Record<string, FileMapping> = {};
  try {
    for (const name of ['accounts.csv', ...files]) {
      const s = await sniffFile(db, join(dir, name));
      suggested[name] = suggestFileMapping(name, s.columns);
      const mapping: FileMapping =
        name === 'accounts.csv'
          ? { entity: 'accounts', columns: accounts, dateFormats: {} }
          : (given[name] ?? suggested[name]!);
      inputs.push({ path: join(dir, name), label: name, read: s.read, columns: s.columns.map((c) => c.name), mapping });
    }
  } finally {
    db.close();
  }
  const data = await loadImportedData(
    inputs,
    dir,
    () => undefined,
    () => false,
  );
  opened.push(data);
  return { data, suggested };
}

const workbench: ScenarioInput = { name: 'Workbench', config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST };
const current: ScenarioInput = { ...workbench, name: 'Your current score', score: 'imported' };

describe('a score history without usage (a snapshot table)', () => {
  const loaded = load(vitally, { account_id: 'Account ID', name: 'Account Name', signup_date: 'Created At' }, [
    'health_scores.csv',
    'churn.csv',
  ]);

  it('is proposed as a score history from its Vitally headers', async () => {
    const { suggested } = await loaded;
    expect(suggested['health_scores.csv']).toMatchObject({
      entity: 'score_history',
      columns: { account_id: 'Account ID', score_date: 'Date', score: 'Health Score' },
    });
  });

  it('builds one snapshot per account at each score date, the score read × 10', async () => {
    const { data } = await loaded;
    const f = data.frame;
    // Month-ends from the first score (2024-01-31) to the last (2025-03-31): no usage baseline to wait for.
    expect(f.meta.periods[0]).toBe('2024-01-31');
    expect(f.meta.periods.at(-1)).toBe('2025-03-31');
    expect(f.meta.periods).toHaveLength(15);
    expect(f.meta.currentScore).toMatchObject({ scale: 10, statuses: [], rows: 266 });
    const rows = readFileSync(join(vitally, 'health_scores.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of rows) {
      const [account, date, score] = line.split(',') as [string, string, string];
      const i = rowIndex(f, account, date);
      expect(i, `${account} ${date}`).toBeGreaterThanOrEqual(0);
      expect(f.currentScore![i]!).toBeCloseTo(Number(score) * 10, 4);
    }
    // Every snapshot is a score date: none without a score.
    expect(Array.from(f.currentScore!).filter(Number.isNaN)).toHaveLength(0);
    expect(f.n).toBe(rows.length);
  });

  it("ranks by the imported score in Compare, AUC and average precision scikit-learn's", async () => {
    const { data } = await loaded;
    const f = data.frame;
    const c = compareScenarios(f, [workbench, current], f.meta.periods.at(-1)!);
    const w = evaluationWindow(f, DEFAULT_BACKTEST.horizonDays, DEFAULT_BACKTEST.windowMonths);
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < f.n; i++) {
      if (!w.observed[f.period[i]!] || !w.inWindow[f.period[i]!]) continue;
      scores.push(f.currentScore![i]!);
      labels.push(outcomeAt(f, i, DEFAULT_BACKTEST.horizonDays) === 1 ? 1 : 0);
    }
    const [auc, ap] = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          `import json,sys
from sklearn.metrics import roc_auc_score, average_precision_score
d = json.load(sys.stdin)
s = [-v for v in d['scores']]
print(json.dumps([roc_auc_score(d['labels'], s), average_precision_score(d['labels'], s)]))`,
        ],
        { input: JSON.stringify({ scores, labels }), encoding: 'utf8' },
      ),
    ) as [number, number];
    expect(labels.filter((y) => y === 1).length).toBeGreaterThan(3);
    expect(c.results[1]!.backtest.evaluated).toBe(scores.length);
    expect(c.results[1]!.backtest.auc).toBeCloseTo(auc, 10);
    expect(c.results[1]!.backtest.averagePrecision).toBeCloseTo(ap, 10);
    expect(c.note).toContain('every imported score is 10 or less, so it is read as 1–10 and × 10');
    expect(c.note).not.toContain('one extract');
  });
});

describe('a one-row-per-account extract', () => {
  it('is backtested at its date, with the plain warning that its scores carry no point-in-time guarantee', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-extract-'));
    const ids = Array.from({ length: 12 }, (_, k) => `C-${k + 1}`);
    writeFileSync(join(dir, 'accounts.csv'), ['Customer ID,Since', ...ids.map((a) => `${a},2023-01-15`)].join('\n'));
    // The extract: today's score per customer, as of the date the team gives; churn over the next months.
    writeFileSync(
      join(dir, 'customer_health_extract.csv'),
      ['Customer ID,Snapshot Date,Health Score', ...ids.map((a, k) => `${a},2024-06-30,${20 + 6 * k}`)].join('\n'),
    );
    // C-12 leaving in December observes the others to then: the horizon after the extract is known.
    writeFileSync(
      join(dir, 'churn.csv'),
      ['Customer ID,Churn Date', 'C-1,2024-08-10', 'C-3,2024-09-02', 'C-12,2024-12-20'].join('\n'),
    );
    const { data, suggested } = await load(dir, { account_id: 'Customer ID', signup_date: 'Since' }, [
      'customer_health_extract.csv',
      'churn.csv',
    ]);
    expect(suggested['customer_health_extract.csv']!.entity).toBe('score_history');
    const f = data.frame;
    expect(f.meta.currentScore!.oneDate).toBe('2024-06-30');
    const c = compareScenarios(f, [workbench, current], '2024-06-30');
    expect(c.note).toContain(
      'Your current score: every imported score is dated 2024-06-30, so it is one extract. The workbench cannot check that those scores were known on that date (no point-in-time guarantee)',
    );
    // The extract's score is in force at 06-30 and 07-31 (31 days), not at 08-31 (62 days); September on is
    // censored (90 days past it are not observed by 12-20). By hand: at both snapshots the churners C-1 (20)
    // and C-3 (32) face ten stayers (26, 38, …, 86); 4 × 20 pairs, and only 32 against C-2's 26 is ranked
    // wrong (2 × 2 pairs): AUC 76 / 80.
    const r = c.results[1]!.backtest;
    expect(r.evaluated).toBe(24);
    expect(r.auc).toBeCloseTo(76 / 80, 12);
    expect(c.results[0]!.backtest.evaluated).toBe(35);
    expect(c.note).toContain("Your current score has no score in force at 11 of the baseline's 35 snapshots");
  });

  it('takes the export date the team gives when the extract has no date column, and refuses one after today', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-extract-'));
    writeFileSync(join(dir, 'accounts.csv'), ['Customer ID,Since', 'C-1,2023-01-15', 'C-2,2023-01-15'].join('\n'));
    writeFileSync(
      join(dir, 'health_today.csv'),
      ['Customer ID,Health Score,Health Status', 'C-1,35,Red', 'C-2,80,Green', 'C-2,75,Green'].join('\n'),
    );
    writeFileSync(join(dir, 'churn.csv'), ['Customer ID,Churn Date', 'C-1,2024-12-01'].join('\n'));
    const mapping = (asOf: string): FileMapping => ({
      entity: 'score_history',
      columns: { account_id: 'Customer ID', score: 'Health Score', status: 'Health Status' },
      dateFormats: {},
      asOf,
    });
    const { data } = await load(
      dir,
      { account_id: 'Customer ID', signup_date: 'Since' },
      ['health_today.csv', 'churn.csv'],
      {
        'health_today.csv': mapping('2024-06-30'),
      },
    );
    expect(data.frame.meta.currentScore).toMatchObject({ oneDate: '2024-06-30', rows: 2, statuses: ['Green', 'Red'] });
    expect(data.frame.currentScore![rowIndex(data.frame, 'C-1', '2024-06-30')]).toBe(35);
    const issues = (
      await data.db.conn.runAndReadAll(
        `SELECT line::INTEGER, column_name, reason FROM ${ISSUES_TABLE} WHERE file = 'health_today.csv'`,
      )
    ).getRowsJson();
    expect(issues).toEqual([
      [4, '(export date 2024-06-30)', 'a second score for the account on this date (the first is kept)'],
    ]);
    // An export date that has not happened yet is refused before any row is read, naming the file.
    await expect(
      load(dir, { account_id: 'Customer ID', signup_date: 'Since' }, ['health_today.csv', 'churn.csv'], {
        'health_today.csv': mapping('2999-01-31'),
      }),
    ).rejects.toThrow(
      'health_today.csv: the export date 2999-01-31 is after today: no score can have been given on it yet',
    );
  });
});
