/**
 * The ROC and precision-recall curves the Backtest tab draws, against
 * scikit-learn's roc_curve and precision_recall_curve on the same data
 * (tests/fixtures/sklearn-curves.json, made by tests/reference/sklearn_curves.py):
 * one point per distinct score, riskiest first, weighted rows counted as many
 * times as they weigh, and above 240 points every drawn point a point of the
 * full curve, from the first to the last.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CURVE_POINTS, thresholdFree, type CurvePoint } from '../../engine/core/backtest/curves.js';
import { rankByScore } from '../../engine/core/backtest/ranking.js';

interface CurveCase {
  name: string;
  scores: number[];
  labels: number[];
  weights: number[] | null;
  positives: number;
  negatives: number;
  /** Without the starting (0, 0); null when a class is absent. */
  roc: CurvePoint[] | null;
  pr: CurvePoint[] | null;
  auc: number | null;
  averagePrecision: number | null;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn-curves.json', import.meta.url), 'utf8')) as {
  cases: CurveCase[];
};
const byName = (name: string) => fixture.cases.find((c) => c.name === name)!;

function curvesOf(c: CurveCase, curves = true) {
  const scores = Float32Array.from(c.scores);
  const weights = c.weights ? Uint32Array.from(c.weights) : undefined;
  return thresholdFree(scores, Uint8Array.from(c.labels), rankByScore(scores), weights, curves);
}

function expectPoints(actual: readonly CurvePoint[], expected: readonly CurvePoint[], what: string) {
  expect(actual.length, `${what}: points`).toBe(expected.length);
  actual.forEach((p, k) => {
    expect(p.x, `${what} point ${k} x`).toBeCloseTo(expected[k]!.x, 12);
    expect(p.y, `${what} point ${k} y`).toBeCloseTo(expected[k]!.y, 12);
    expect(p.threshold, `${what} point ${k} threshold`).toBe(expected[k]!.threshold);
  });
}

const START = { x: 0, y: 0, threshold: Number.NEGATIVE_INFINITY };

describe.each(['integer scores with ties', 'weighted as a bootstrap replicate, some rows weight 0'])(
  'every point of the curves equals scikit-learn: %s',
  (name) => {
    it('ROC: from (0, 0), then the false and true positive rates at each distinct score', () => {
      const c = byName(name);
      const t = curvesOf(c);
      expect(t.roc[0]).toEqual(START);
      expectPoints(t.roc.slice(1), c.roc!, 'roc');
    });
    it('precision-recall: recall and precision at each distinct score', () => {
      const c = byName(name);
      expectPoints(curvesOf(c).pr, c.pr!, 'pr');
    });
    it('class totals, AUC and average precision with the weights', () => {
      const c = byName(name);
      const t = curvesOf(c);
      expect([t.positives, t.negatives]).toEqual([c.positives, c.negatives]);
      expect(t.auc).toBeCloseTo(c.auc!, 12);
      expect(t.averagePrecision).toBeCloseTo(c.averagePrecision!, 12);
    });
  },
);

describe('more distinct scores than the chart draws', () => {
  it(`draws ${CURVE_POINTS} ROC points (with the start) taken evenly from the full curve, its first and last included`, () => {
    const c = byName('900 distinct scores, thinned to 240 points');
    expect(c.roc!.length).toBe(899);
    const t = curvesOf(c);
    expect(t.roc).toHaveLength(CURVE_POINTS);
    expect(t.pr).toHaveLength(CURVE_POINTS - 1);
    expect(t.roc[0]).toEqual(START);
    // Point q of the 239 drawn is point round(q · 898 / 238) of the 899.
    const step = (899 - 1) / (CURVE_POINTS - 2);
    expectPoints(
      t.roc.slice(1),
      Array.from({ length: CURVE_POINTS - 1 }, (_, q) => c.roc![Math.round(q * step)]!),
      'roc',
    );
    expectPoints(
      t.pr,
      Array.from({ length: CURVE_POINTS - 1 }, (_, q) => c.pr![Math.round(q * step)]!),
      'pr',
    );
    expect(t.roc.at(-1)).toEqual({ x: 1, y: 1, threshold: c.roc!.at(-1)!.threshold });
    // The areas use every point, not the drawn ones.
    expect(t.auc).toBeCloseTo(c.auc!, 12);
    expect(t.averagePrecision).toBeCloseTo(c.averagePrecision!, 12);
  });
});

describe('one class only', () => {
  it('no churners: no AUC or average precision; the ROC runs along the x axis, precision is 0', () => {
    const c = byName('no churners');
    const t = curvesOf(c);
    expect([t.auc, t.averagePrecision, t.positives, t.negatives]).toEqual([null, null, 0, 30]);
    const distinct = [...new Set(c.scores)].sort((a, b) => a - b);
    expect(t.roc).toHaveLength(distinct.length + 1);
    // Recall is 0 of 0 churners: drawn as 0, not NaN; precision is 0 of the snapshots flagged.
    const flaggedUpTo = (s: number) => c.scores.filter((x) => x <= s).length;
    t.roc.slice(1).forEach((p, k) => {
      expect(p).toEqual({ x: flaggedUpTo(distinct[k]!) / 30, y: 0, threshold: distinct[k] });
    });
    t.pr.forEach((p, k) => expect(p).toEqual({ x: 0, y: 0, threshold: distinct[k] }));
  });

  it('only churners: no AUC; the false positive rate is drawn as 0; the precision-recall curve equals scikit-learn', () => {
    const c = byName('only churners');
    const t = curvesOf(c);
    expect([t.auc, t.positives, t.negatives]).toEqual([null, 30, 0]);
    expect(t.averagePrecision).toBeCloseTo(c.averagePrecision!, 12);
    expect(t.roc.slice(1).every((p) => p.x === 0)).toBe(true);
    expect(t.roc.at(-1)!.y).toBe(1);
    expectPoints(t.pr, c.pr!, 'pr');
  });

  it('a single snapshot is one point, at its own score', () => {
    const t = thresholdFree(Float32Array.of(12.5), Uint8Array.of(1), Uint32Array.of(0));
    expect(t.roc).toEqual([START, { x: 0, y: 1, threshold: 12.5 }]);
    expect(t.pr).toEqual([{ x: 1, y: 1, threshold: 12.5 }]);
  });

  it('nothing scored: no points beyond the start, no areas', () => {
    const t = thresholdFree(new Float32Array(0), new Uint8Array(0), new Uint32Array(0));
    expect(t).toEqual({ positives: 0, negatives: 0, auc: null, averagePrecision: null, roc: [START], pr: [] });
  });
});

describe('without curves (the bootstrap asks only for the areas)', () => {
  it('gives the same areas and no points', () => {
    const c = byName('weighted as a bootstrap replicate, some rows weight 0');
    const t = curvesOf(c, false);
    expect(t.roc).toEqual([]);
    expect(t.pr).toEqual([]);
    expect(t.auc).toBeCloseTo(c.auc!, 12);
    expect(t.averagePrecision).toBeCloseTo(c.averagePrecision!, 12);
  });
});
