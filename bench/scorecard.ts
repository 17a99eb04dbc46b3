/**
 * `npm run bench:scorecard [-- --data DIR] [-- --fixture FILE]`
 *
 * The fitted scorecard's held-out ROC AUC beside the default configuration,
 * the suggested weights and scikit-learn's HistGradientBoostingClassifier
 * and LogisticRegression (bench/scorecard_sklearn.py), all fitted on the same
 * earlier month-ends and judged on the same later ones. --fixture keeps
 * scikit-learn's figures for tests/engine/scorecard.test.ts. Not run by npm test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fitScorecard } from '../engine/core/calibration/scorecard.js';
import { scorecardRows } from '../engine/core/calibration/scorecardRows.js';
import { suggestWeights } from '../engine/core/calibration/suggestWeights.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../engine/core/model/defaults.js';
import { csvLine } from '../engine/core/export/csv.js';
import { loadWorkbenchData } from '../engine/node/data/loadWorkbench.js';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const dataDir = resolve(opt('data') ?? join(root, 'sample-data'));
const fixture = opt('fixture');

const data = await loadWorkbenchData(dataDir);
const tmp = mkdtempSync(join(tmpdir(), 'hsw-scorecard-'));
try {
  const frame = data.frame;
  let started = Date.now();
  const fit = fitScorecard(frame, DEFAULT_CONFIG, DEFAULT_BACKTEST);
  const fitMs = Date.now() - started;
  const weights = suggestWeights(frame, DEFAULT_CONFIG, DEFAULT_BACKTEST);
  const table = scorecardRows(frame, DEFAULT_BACKTEST);
  const csv = join(tmp, 'rows.csv');
  writeFileSync(csv, csvLine(table.header) + table.rows.map(csvLine).join(''));
  started = Date.now();
  const py = ['bench/scorecard_sklearn.py', csv, ...(fixture ? ['--out', resolve(fixture)] : [])];
  const ref = JSON.parse(execFileSync('/usr/bin/python3', py, { cwd: root, encoding: 'utf8' })) as {
    hgbAuc: number;
    logisticAuc: number;
    fitSnapshots: number;
    heldOutSnapshots: number;
    sklearn: string;
  };
  const pyMs = Date.now() - started;
  const better = Math.max(ref.hgbAuc, ref.logisticAuc);
  const f = (x: number | null) => (x === null ? '—' : x.toFixed(4));
  const lines = [
    `Data: ${dataDir}`,
    `Fitted on ${fit.trainMonths!.from} – ${fit.trainMonths!.to} (${fit.trainSnapshots} snapshots), held out ${fit.testMonths!.from} – ${fit.testMonths!.to} (${fit.testSnapshots}); python saw ${ref.fitSnapshots} / ${ref.heldOutSnapshots}`,
    '',
    'Held-out ROC AUC',
    `  default configuration              ${f(fit.current.auc)}`,
    `  suggested weights                  ${f(weights.suggested.auc)}`,
    `  fitted scorecard                   ${f(fit.fitted.auc)}   (fit ${(fitMs / 1000).toFixed(1)} s)`,
    `  HistGradientBoostingClassifier     ${f(ref.hgbAuc)}   (scikit-learn ${ref.sklearn}, both models ${(pyMs / 1000).toFixed(1)} s)`,
    `  LogisticRegression                 ${f(ref.logisticAuc)}`,
    '',
    `Scorecard − the better of the two: ${(fit.fitted.auc! - better).toFixed(4)} (target: within 0.02)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (fixture) process.stderr.write(`Wrote scikit-learn's figures to ${fixture}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
  data.close();
}
