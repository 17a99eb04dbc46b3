/**
 * Every backtest metric against scikit-learn/pandas on the same data
 * (tests/fixtures/sklearn-metrics.json, made by tests/reference/sklearn_metrics.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capacityMetrics } from '../../engine/core/backtest/capacity.js';
import { thresholdFree } from '../../engine/core/backtest/curves.js';
import { decileMetrics } from '../../engine/core/backtest/deciles.js';
import { classificationMetrics, confusionOf } from '../../engine/core/backtest/metrics.js';
import { rankByScore } from '../../engine/core/backtest/ranking.js';

interface RefCase {
  name: string;
  scores: number[];
  labels: number[];
  months: number[];
  threshold: number;
  k: number;
  targetRecall: number;
  expected: {
    auc: number | null;
    averagePrecision: number | null;
    confusion: { tp: number; fp: number; fn: number; tn: number };
    precision: number | null;
    recall: number | null;
    f1: number | null;
    accuracy: number | null;
    specificity: number | null;
    deciles: { count: number; churned: number; cumulativeGain: number | null }[];
    topDecileLift: number | null;
    recallAtK: number | null;
    kForTarget: number | null;
    /** Month 0..largest: accounts scored, worked, churners, caught and recall at K (null without churners). */
    byMonth: { accounts: number; worked: number; churners: number; churnersCaught: number; recallAtK: number | null }[];
  };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn-metrics.json', import.meta.url), 'utf8')) as {
  cases: RefCase[];
};

const close = (actual: number | null | undefined, expected: number | null, what: string) => {
  if (expected === null) expect(actual, what).toBeNull();
  else {
    expect(actual, what).not.toBeNull();
    expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9);
  }
};

describe.each(fixture.cases)('metrics equal scikit-learn: $name', (c) => {
  const scores = Float32Array.from(c.scores);
  const labels = Uint8Array.from(c.labels);
  const months = Uint16Array.from(c.months);
  const order = rankByScore(scores);

  it('ROC AUC and average precision', () => {
    const t = thresholdFree(scores, labels, order);
    close(t.auc, c.expected.auc, 'auc');
    close(t.averagePrecision, c.expected.averagePrecision, 'average precision');
  });

  it('confusion matrix, precision, recall, F1, accuracy, specificity at a threshold', () => {
    const pred = Uint8Array.from(scores, (s) => (s < c.threshold ? 1 : 0));
    const conf = confusionOf(pred, labels);
    expect(conf).toEqual(c.expected.confusion);
    const m = classificationMetrics(conf);
    close(m.precision, c.expected.precision, 'precision');
    close(m.recall, c.expected.recall, 'recall');
    close(m.f1, c.expected.f1, 'f1');
    close(m.accuracy, c.expected.accuracy, 'accuracy');
    close(m.specificity, c.expected.specificity, 'specificity');
  });

  it('deciles, cumulative gains and top-decile lift', () => {
    const d = decileMetrics(scores, labels, order);
    expect(d.deciles.map((r) => [r.count, r.churned])).toEqual(c.expected.deciles.map((r) => [r.count, r.churned]));
    d.deciles.forEach((r, i) => close(r.cumulativeGain, c.expected.deciles[i]!.cumulativeGain, `gain ${i + 1}`));
    close(d.topDecileLift, c.expected.topDecileLift, 'top-decile lift');
  });

  // Every month 0..largest is in the window, so byPeriod has one row per month of the reference.
  const dates = Array.from({ length: Math.max(...c.months) + 1 }, (_, m) => `month ${m}`);
  const periods = { dates, inWindow: new Uint8Array(dates.length).fill(1) };

  it('capacity: recall among the K lowest-scored per month, and K for the target recall', () => {
    const cap = capacityMetrics(labels, months, periods, order, c.k, c.targetRecall);
    close(cap.recallAtK, c.expected.recallAtK, 'recall at K');
    expect(cap.kForTarget).toBe(c.expected.kForTarget);
  });

  it('capacity month by month: each month worked at K against its own churners', () => {
    const rows = capacityMetrics(labels, months, periods, order, c.k, c.targetRecall).byPeriod;
    expect(rows.map(({ recallAtK: _, ...r }) => r)).toEqual(
      c.expected.byMonth.map(({ recallAtK: _, ...r }, m) => ({ period: `month ${m}`, ...r })),
    );
    rows.forEach((r, m) => close(r.recallAtK, c.expected.byMonth[m]!.recallAtK, `recall at K, month ${m}`));
  });
});

describe('ranking', () => {
  it('orders by score with ties in input order, like a stable sort', () => {
    const s = Float32Array.from([3, 1, 2, 1, 0, 70000, 2.5e-7, 3]);
    expect(Array.from(rankByScore(s))).toEqual([4, 6, 1, 3, 2, 0, 7, 5]);
  });
  it('refuses NaN and negative scores', () => {
    expect(() => rankByScore(Float32Array.of(1, Number.NaN))).toThrow(RangeError);
    expect(() => rankByScore(Float32Array.of(-1))).toThrow(RangeError);
  });
});
