import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelConfigSchema } from '../../engine/core/api/schema.js';
import { fitScorecard, type ScorecardFit } from '../../engine/core/calibration/scorecard.js';
import { suggestWeights } from '../../engine/core/calibration/suggestWeights.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';

/** scikit-learn on the same rows, written by bench/scorecard_sklearn.py (npm run bench:scorecard -- --fixture …). */
const sklearn = JSON.parse(readFileSync(new URL('../fixtures/scorecard-sklearn.json', import.meta.url), 'utf8')) as {
  hgbAuc: number;
  logisticAuc: number;
  fitSnapshots: number;
  heldOutSnapshots: number;
};
/** The benchmark's target: within 0.02 AUC of the better scikit-learn model. */
const TOLERANCE = 0.02;

describe('the fitted scorecard on the sample data', () => {
  let data: LoadedData;
  let fit: ScorecardFit;
  beforeAll(async () => {
    data = await loadWorkbenchData(join(import.meta.dirname, '..', '..', 'sample-data'));
    fit = fitScorecard(data.frame, DEFAULT_CONFIG, DEFAULT_BACKTEST);
  }, 180_000);
  afterAll(() => data.close());

  it('is fitted on earlier month-ends, judged on later ones, on the rows scikit-learn saw', () => {
    expect(fit.trainMonths!.to < fit.testMonths!.from).toBe(true);
    expect([fit.trainSnapshots, fit.testSnapshots]).toEqual([sklearn.fitSnapshots, sklearn.heldOutSnapshots]);
    expect(fit.config.fittedOn).toEqual({ ...fit.trainMonths, fitted: 'scorecard' });
  });

  it('ranks held-out churners better than the default configuration, within 0.02 AUC of scikit-learn', () => {
    expect(fit.fitted.auc!).toBeGreaterThan(fit.current.auc!);
    expect(fit.heldOut.verdict).toBe('better');
    expect(fit.fitted.auc!).toBeGreaterThanOrEqual(Math.max(sklearn.hgbAuc, sklearn.logisticAuc) - TOLERANCE);
  });

  it('is an ordinary configuration: valid, banded, with monotone points per signal', () => {
    expect(ModelConfigSchema.safeParse(fit.config).success).toBe(true);
    for (const c of fit.config.categories)
      for (const s of c.signals) {
        const n = s.normalisation;
        expect(n.kind).toBe('bands');
        if (n.kind !== 'bands') continue;
        const d = n.scores.slice(1).map((x, i) => x - n.scores[i]!);
        expect(d.every((x) => x >= 0) || d.every((x) => x <= 0)).toBe(true);
        expect(Math.max(...n.scores)).toBeLessThanOrEqual(100);
      }
    const mins = fit.config.tiers.tiers.map((t) => t.min);
    expect(mins.at(-1)).toBe(0);
  });
});

describe('suggested weights on the sample data', () => {
  let data: LoadedData;
  beforeAll(async () => {
    data = await loadWorkbenchData(join(import.meta.dirname, '..', '..', 'sample-data'));
  }, 120_000);
  afterAll(() => data.close());

  // The figure checked independently (scipy) was for the default scoring alone, before the default model gained its
  // onboarding configuration: the fit is judged on the same configuration here.
  it('gain +0.0078 held-out AUC, which is within noise and not offered as an improvement', () => {
    const s = suggestWeights(data.frame, { ...DEFAULT_CONFIG, variants: [] }, DEFAULT_BACKTEST);
    expect(s.heldOut!.gain!).toBeCloseTo(0.0078, 4);
    expect(s.heldOut!.gainInterval![0]).toBeLessThan(0);
    expect(s.heldOut!.verdict).toBe('within-noise');
    expect(s.heldOut!.text).toMatch(/within noise/);
  }, 120_000);
});
