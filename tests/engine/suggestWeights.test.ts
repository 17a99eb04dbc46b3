import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitNonNegativeLogistic, suggestWeights } from '../../engine/core/calibration/suggestWeights.js';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';

const ref = (
  JSON.parse(readFileSync(new URL('../fixtures/sklearn-metrics.json', import.meta.url), 'utf8')) as {
    logistic: { x: number[][]; y: number[]; intercept: number; coefficients: number[] };
  }
).logistic;

describe('non-negative logistic regression', () => {
  it("equals scikit-learn's unpenalised fit when no constraint binds", () => {
    const fit = fitNonNegativeLogistic(
      ref.x.map((c) => Float64Array.from(c)),
      Uint8Array.from(ref.y),
      5000,
    );
    expect(fit.intercept).toBeCloseTo(ref.intercept, 4);
    fit.coefficients.forEach((c, i) => expect(c).toBeCloseTo(ref.coefficients[i]!, 4));
  });
  it('holds a coefficient at zero when the data push it negative', () => {
    // The second feature truly raises risk as it falls (coefficient −0.6 once negated).
    const x = [Float64Array.from(ref.x[0]!), Float64Array.from(ref.x[1]!, (v) => -v)];
    const fit = fitNonNegativeLogistic(x, Uint8Array.from(ref.y), 2000);
    expect(fit.coefficients[1]).toBe(0);
    expect(fit.coefficients[0]).toBeGreaterThan(1);
  });
});

describe('suggested weights on the sample data, whose churn drivers are known', () => {
  let data: LoadedData;
  beforeAll(async () => {
    data = await loadWorkbenchData(join(import.meta.dirname, '..', '..', 'sample-data'));
  }, 120_000);
  afterAll(() => data.close());

  it('rank the strongest true driver (usage) first and the weakest (growth) last, judged on held-out months', () => {
    const s = suggestWeights(data.frame, DEFAULT_CONFIG, DEFAULT_BACKTEST);
    const byId = Object.fromEntries(s.categories.map((c, i) => [c, s.weights[i]!]));
    // True log-odds per unit of latent state: usage −1.10, billing −0.80, support −0.55, engagement −0.35, growth −0.12.
    expect(s.weights.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...s.weights)).toBe(byId.usage);
    expect(Math.min(...s.weights)).toBe(byId.growth);
    expect(byId.usage!).toBeGreaterThan(2 * byId.growth!);
    expect(byId.billing! + byId.support!).toBeGreaterThan(byId.engagement! + byId.growth!);
    // Fitted on earlier month-ends, judged on later ones it never saw, and better there than the default.
    expect(s.trainMonths!.to < s.testMonths!.from).toBe(true);
    expect(s.suggested.auc!).toBeGreaterThan(s.current.auc!);
  }, 60_000);
});
