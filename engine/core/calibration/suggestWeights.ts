/**
 * Suggested category weights: a logistic regression of churn on the category
 * scores, fitted on earlier month-ends and judged on later ones it never saw.
 * Coefficients are constrained to be non-negative (a better category score
 * may never raise the risk), so they rescale directly into weights that sum
 * to 100: with every category on the same 0–100 scale, a score weighted in
 * proportion to the coefficients ranks accounts exactly as the fitted model.
 */
import type { BacktestSettings, ModelConfig, WeightSuggestion } from '../api/schema.js';
import { thresholdFree } from '../backtest/curves.js';
import { rankByScore } from '../backtest/ranking.js';
import { evaluationWindow } from '../backtest/window.js';
import { normaliseWeights } from '../model/weights.js';
import { combineScores, computeCategoryScores, NEUTRAL_SCORE } from '../scoring/score.js';
import { DEFAULT_CONFIGURATION_ID, resolveConfigurations } from '../model/configurations.js';
import { assignConfigurations } from '../scoring/assign.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { outcomeAt } from '../snapshots/frame.js';

export interface FitResult {
  intercept: number;
  coefficients: number[];
  iterations: number;
  logLoss: number;
}

/**
 * Minimise mean log-loss of y ~ sigmoid(b0 + Σ β_c x_c) subject to β ≥ 0, by
 * accelerated projected gradient (FISTA) with a step from a Lipschitz bound.
 * @param x features, column-major: x[c][i]
 */
export function fitNonNegativeLogistic(x: Float64Array[], y: Uint8Array, iterations = 500): FitResult {
  const k = x.length;
  const n = y.length;
  let sumSq = 1;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[c]![i]! ** 2;
    sumSq += s / Math.max(1, n);
  }
  const step = 1 / (0.25 * sumSq);
  const p = n > 0 ? y.reduce((s, v) => s + v, 0) / n : 0.5;
  let theta = new Float64Array(k + 1); // [b0, β...]
  theta[0] = Math.log(Math.max(p, 1e-9) / Math.max(1 - p, 1e-9));
  let z = theta.slice();
  let t = 1;
  const grad = new Float64Array(k + 1);
  let loss = 0;
  let it = 0;
  for (; it < iterations; it++) {
    grad.fill(0);
    loss = 0;
    for (let i = 0; i < n; i++) {
      let eta = z[0]!;
      for (let c = 0; c < k; c++) eta += z[c + 1]! * x[c]![i]!;
      const q = 1 / (1 + Math.exp(-eta));
      const r = q - y[i]!;
      grad[0]! += r;
      for (let c = 0; c < k; c++) grad[c + 1]! += r * x[c]![i]!;
      loss += y[i] ? -Math.log(Math.max(q, 1e-15)) : -Math.log(Math.max(1 - q, 1e-15));
    }
    const next = new Float64Array(k + 1);
    let moved = 0;
    for (let j = 0; j <= k; j++) {
      const v = z[j]! - (step * grad[j]!) / Math.max(1, n);
      next[j] = j === 0 ? v : Math.max(0, v);
      moved = Math.max(moved, Math.abs(next[j]! - theta[j]!));
    }
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    z = next.map((v, j) => v + ((t - 1) / tNext) * (v - theta[j]!));
    for (let j = 1; j <= k; j++) z[j] = Math.max(0, z[j]!);
    theta = next;
    t = tNext;
    if (moved < 1e-9) break;
  }
  return {
    intercept: theta[0]!,
    coefficients: Array.from(theta.slice(1)),
    iterations: it,
    logLoss: loss / Math.max(1, n),
  };
}

/**
 * @param configurationId which configuration's weights to fit (default: the
 *   default one), on the snapshots that configuration scores
 */
export function suggestWeights(
  frame: SnapshotFrame,
  model: ModelConfig,
  settings: BacktestSettings,
  configurationId = DEFAULT_CONFIGURATION_ID,
): WeightSuggestion {
  const configs = resolveConfigurations(model);
  const k = configs.findIndex((c) => c.id === configurationId);
  if (k < 0) throw new Error(`no configuration "${configurationId}" in this model`);
  const config = configs[k]!;
  const assigned = assignConfigurations(frame, configs);
  const win = evaluationWindow(frame, settings.horizonDays, Number.MAX_SAFE_INTEGER);
  const observed = frame.meta.periods.map((_, m) => m).filter((m) => win.observed[m] === 1);
  const testCount = Math.max(1, Math.floor(Math.min(settings.windowMonths, observed.length) / 3));
  const test = new Set(observed.slice(-testCount));
  const train = new Set(observed.slice(0, -testCount));
  const cats = computeCategoryScores(frame, config.categories, config.baseline);
  const rowsOf = (months: Set<number>) => {
    const rows: number[] = [];
    for (let i = 0; i < frame.n; i++)
      if (months.has(frame.period[i]!) && (!assigned || assigned[i] === k)) rows.push(i);
    return rows;
  };
  const trainRows = rowsOf(train);
  const testRows = rowsOf(test);
  const label = (rows: number[]) =>
    Uint8Array.from(rows, (i) => (outcomeAt(frame, i, settings.horizonDays) === 1 ? 1 : 0));
  // Feature = how far below neutral each category is, so a positive coefficient means "lower score, more churn".
  const features = (rows: number[]) =>
    cats.map((col) =>
      Float64Array.from(rows, (i) => {
        const v = col[i]!;
        return (NEUTRAL_SCORE - (Number.isNaN(v) ? NEUTRAL_SCORE : v)) / 50;
      }),
    );
  const monthsLabel = (s: Set<number>) => {
    const ms = [...s].sort((a, b) => a - b);
    return ms.length ? { from: frame.meta.periods[ms[0]!]!, to: frame.meta.periods[ms[ms.length - 1]!]! } : null;
  };
  const trainY = label(trainRows);
  const fit = trainRows.length > 0 ? fitNonNegativeLogistic(features(trainRows), trainY) : null;
  const total = fit ? fit.coefficients.reduce((a, b) => a + b, 0) : 0;
  const weights = fit && total > 0 ? normaliseWeights(fit.coefficients) : config.categories.map((c) => c.weight);

  const testY = label(testRows);
  const judge = (ws: number[]) => {
    const testCats = cats.map((col) => Float32Array.from(testRows, (i) => col[i]!));
    const scores = combineScores(testCats, ws, config.missing, testRows.length);
    const keep = testRows.map((_, k) => !Number.isNaN(scores[k]!));
    const s = Float32Array.from(scores.filter((_, k) => keep[k]));
    const y = Uint8Array.from(testY.filter((_, k) => keep[k]));
    const t = thresholdFree(s, y, rankByScore(s), undefined, false);
    return { auc: t.auc, averagePrecision: t.averagePrecision };
  };
  return {
    categories: config.categories.map((c) => c.id),
    weights,
    coefficients: fit?.coefficients ?? config.categories.map(() => 0),
    trainMonths: monthsLabel(train),
    testMonths: monthsLabel(test),
    trainSnapshots: trainRows.length,
    testSnapshots: testRows.length,
    current: judge(config.categories.map((c) => c.weight)),
    suggested: judge(weights),
    note: !fit
      ? 'Not enough observed history before the test period to fit weights.'
      : total > 0
        ? null
        : 'No category lowers churn risk as its score rises; weights left unchanged.',
  };
}
