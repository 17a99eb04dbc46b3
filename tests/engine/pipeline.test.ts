import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  alertBacktest,
  alertHistograms,
  alertsFromHistograms,
  neighbourRows,
} from '../../engine/core/backtest/alerts.js';
import { mulberry32 } from '../../engine/core/random/mulberry32.js';
import { setCutPoint } from '../../engine/core/model/cutPoints.js';
import { FOUR_TIER } from '../../engine/core/model/defaults.js';
import { scoreBin, tierIndex } from '../../engine/core/scoring/tiers.js';
import { bootstrapIntervals, quantile } from '../../engine/core/backtest/bootstrap.js';
import { suggestCuts } from '../../engine/core/backtest/cutSuggestions.js';
import { evaluateFrame, frameEvaluator } from '../../engine/core/backtest/evaluate.js';
import { BacktestPipeline } from '../../engine/core/backtest/pipeline.js';
import { rankByScore } from '../../engine/core/backtest/ranking.js';
import { evaluationWindow } from '../../engine/core/backtest/window.js';
import { DEFAULT_BACKTEST, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { frameOf, simpleConfig } from './frames.js';

describe('evaluation window', () => {
  // Three month-ends; the last has only 40 days observed.
  const frame = frameOf(
    [{}, {}, {}, {}],
    {
      period: Uint16Array.from([0, 1, 2, 2]),
      observedDays: Float32Array.from([200, 170, 40, 40]),
    },
    ['SMB'],
    ['2025-01-31', '2025-02-28', '2025-03-31'],
  );
  it('keeps the last N month-ends whose horizon is fully observed', () => {
    const w = evaluationWindow(frame, 90, 12);
    expect(w.periods).toEqual(['2025-01-31', '2025-02-28']);
    expect(evaluationWindow(frame, 90, 1).periods).toEqual(['2025-02-28']);
    expect(evaluationWindow(frame, 180, 12).periods).toEqual(['2025-01-31']);
    expect(evaluationWindow(frame, 30, 12).periods).toEqual(['2025-01-31', '2025-02-28', '2025-03-31']);
  });
  it('counts censored and out-of-window snapshots instead of dropping them silently', () => {
    const r = evaluateFrame(frame, simpleConfig(50, 50), { ...DEFAULT_BACKTEST, windowMonths: 1 }, '2025-03-31');
    expect([r.backtest.evaluated, r.backtest.outsideWindow, r.backtest.censored]).toEqual([1, 1, 2]);
  });
});

describe('alert backtest', () => {
  // Account 0: Green → Yellow → Yellow (churns after month 2); account 1: Green → Yellow → Green;
  // account 2: Red, Red, Red (churns after month 2).
  const scores = [80, 80, 10, 60, 60, 10, 60, 80, 10];
  const frame = frameOf(
    scores.map((s) => ({ logins_trend: s })),
    {
      account: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]),
      period: Uint16Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]),
      daysToChurn: Float32Array.from([Number.NaN, Number.NaN, 75, 80, Number.NaN, 45, 20, Number.NaN, 15]),
      observedDays: new Float32Array(9).fill(400),
    },
    ['SMB'],
    ['2025-01-31', '2025-02-28', '2025-03-31'],
  );
  const tiers = Int8Array.from([0, 0, 2, 1, 1, 2, 1, 0, 2]);
  const labels = Int8Array.from([0, 0, 1, 1, 0, 1, 1, 0, 1]);
  // Linked inside a hook, not while the file is collected: mutation testing's per-test coverage sees it there.
  let prev: Int32Array;
  let next: Int32Array;
  beforeAll(() => {
    ({ prev, next } = neighbourRows(frame));
  });

  it('links each snapshot to the same account one month-end before and after', () => {
    expect(Array.from(prev)).toEqual([-1, -1, -1, 0, 1, 2, 3, 4, 5]);
    expect(Array.from(next)).toEqual([3, 4, 5, 6, 7, 8, -1, -1, -1]);
  });
  it('counts crossings and how many were followed by churn, with and without confirmation', () => {
    const a = Object.fromEntries(
      alertBacktest(TRAFFIC_LIGHT, tiers, labels, prev, next).map((s) => [s.id, [s.alerts, s.followedByChurn]]),
    );
    expect(a['enter-yellow']).toEqual([2, 1]); // accounts 0 and 1 in month 1; only 0 churned
    expect(a['enter-yellow-confirmed']).toEqual([1, 1]); // account 1 recovered, so no confirmed alert
    expect(a['enter-red']).toEqual([0, 0]);
    expect(a['red-two-periods']).toEqual([1, 1]); // fires once per streak, at month 1
  });
});

describe('alert counts from score histograms', () => {
  it('equal the row-by-row count for any cut points', () => {
    const rand = mulberry32(7);
    const accounts = 300,
      months = 8;
    const n = accounts * months;
    const scores = Float32Array.from({ length: n }, () => (rand() < 0.02 ? Number.NaN : rand() * 100));
    const frame = frameOf(
      Array.from({ length: n }, () => ({})),
      {
        account: Int32Array.from({ length: n }, (_, i) => i % accounts),
        period: Uint16Array.from({ length: n }, (_, i) => Math.floor(i / accounts)),
      },
      ['SMB'],
      Array.from({ length: months }, (_, m) => `2025-0${m + 1}-28`),
    );
    // Some accounts skip a month: their neighbours must not link across the gap.
    const keep = Array.from({ length: n }, () => rand() > 0.05);
    const rows = keep.flatMap((k, i) => (k ? [i] : []));
    const sub = {
      ...frame,
      n: rows.length,
      account: Int32Array.from(rows, (i) => frame.account[i]!),
      month: Uint16Array.from(rows, (i) => frame.period[i]!),
    };
    const subScores = Float32Array.from(rows, (i) => scores[i]!);
    const label = Int8Array.from(rows, () => (rand() < 0.1 ? -1 : rand() < 0.2 ? 1 : 0));
    const { prev, next } = neighbourRows(sub);
    const bins = Int16Array.from(subScores, (x) => (Number.isNaN(x) ? -1 : scoreBin(x)));
    const h = alertHistograms(bins, label, prev, next);
    for (const scheme of [TRAFFIC_LIGHT, FOUR_TIER, setCutPoint(TRAFFIC_LIGHT, 1, 55), setCutPoint(FOUR_TIER, 2, 21)]) {
      const tiers = Int8Array.from(subScores, (x) => tierIndex(x, scheme));
      expect(alertsFromHistograms(scheme, h)).toEqual(alertBacktest(scheme, tiers, label, prev, next));
    }
  });
});

describe('suggested cut points', () => {
  // Churners at scores 10 and 20, stayers at 30, 40, 50 (one each).
  const pos = new Array(101).fill(0);
  const neg = new Array(101).fill(0);
  pos[10] = 1;
  pos[20] = 1;
  neg[30] = 1;
  neg[40] = 1;
  neg[50] = 1;
  it('maximise F1, reach the target recall with the best precision, and minimise cost', () => {
    const [f1, recall, cost] = suggestCuts(pos, neg, { targetRecall: 0.5, costMissed: 1, costNeedless: 10 });
    expect(f1!.threshold).toBe(21); // both churners, nobody else
    expect(f1!.metrics!.f1).toBe(1);
    expect(recall!.threshold).toBe(11);
    expect(cost!.threshold).toBe(21);
    expect(cost!.cost).toBe(0);
  });
  it('suggest nothing to maximise F1 when there are no churners', () => {
    expect(
      suggestCuts(new Array(101).fill(0), neg, { targetRecall: 0.7, costMissed: 1, costNeedless: 1 })[0]!.threshold,
    ).toBeNull();
  });
});

describe('bootstrap intervals', () => {
  const n = 400;
  const scores = Float32Array.from({ length: n }, (_, i) => (i * 37) % 100);
  const labels = Uint8Array.from(scores, (s, i) => (s < 30 ? (i % 3 === 0 ? 1 : 0) : i % 11 === 0 ? 1 : 0));
  const input = {
    scores,
    labels,
    predicted: Uint8Array.from(scores, (s) => (s < 40 ? 1 : 0)),
    account: Int32Array.from({ length: n }, (_, i) => i % 100),
    order: rankByScore(scores),
  };
  it('are reproducible and contain the point estimate', () => {
    const a = bootstrapIntervals(input, 200);
    expect(bootstrapIntervals(input, 200)).toEqual(a);
    let tp = 0,
      fp = 0;
    for (let i = 0; i < n; i++) if (input.predicted[i]) labels[i] ? tp++ : fp++;
    const precision = tp / (tp + fp);
    expect(a.precision![0]).toBeLessThan(precision);
    expect(a.precision![1]).toBeGreaterThan(precision);
    expect(a.auc![0]).toBeLessThan(a.auc![1]);
  });
  it('widen when snapshots are clustered in fewer accounts', () => {
    // Ten accounts, each holding every snapshot of one score band: resampling them moves whole bands.
    const few = bootstrapIntervals({ ...input, account: Int32Array.from(scores, (s) => Math.floor(s / 10)) }, 200);
    const many = bootstrapIntervals({ ...input, account: Int32Array.from({ length: n }, (_, i) => i) }, 200);
    expect(few.recall![1] - few.recall![0]).toBeGreaterThan(many.recall![1] - many.recall![0]);
  });
  it('use numpy-style linear quantiles', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([0, 10], 0.025)).toBeCloseTo(0.25, 12);
  });
});

describe('backtest pipeline', () => {
  const scores = [90, 75, 65, 50, 35, 20, 10, 45];
  const frame = frameOf(
    scores.map((s) => ({ logins_trend: s })),
    {
      daysToChurn: Float32Array.from([Number.NaN, 200, 30, Number.NaN, 60, Number.NaN, 10, 91]),
      segment: Uint8Array.from([0, 0, 0, 1, 1, 1, 1, 1]),
    },
  );
  frame.arr.set([100, 100, 100, 100, 300, 100, 700, 100]);
  const cfg = simpleConfig(100, 0);
  it('predict by score threshold exactly as by the tiers below the same cut', () => {
    const byTier = evaluateFrame(frame, cfg, { ...DEFAULT_BACKTEST, atRiskTiers: ['red', 'yellow'] }, '2025-01-31');
    const byScore = evaluateFrame(
      frame,
      cfg,
      { ...DEFAULT_BACKTEST, atRiskTiers: ['red'], atRiskBelow: 70 },
      '2025-01-31',
    );
    expect(byScore.backtest.overall).toEqual(byTier.backtest.overall);
    expect(
      evaluateFrame(frame, cfg, { ...DEFAULT_BACKTEST, atRiskBelow: 36 }, '2025-01-31').backtest.overall.confusion,
    ).toEqual({ tp: 2, fp: 1, fn: 1, tn: 4 });
  });
  it('leave unscored snapshots (no data at all under re-weighting) out of the backtest', () => {
    const f = frameOf([{ logins_trend: 80 }, {}, { logins_trend: 20 }, {}], {
      daysToChurn: Float32Array.from([Number.NaN, 10, 20, Number.NaN]),
      segment: Uint8Array.from([0, 1, 1, 0]),
    });
    const r = evaluateFrame(f, simpleConfig(50, 50, TRAFFIC_LIGHT, 'reweight'), DEFAULT_BACKTEST, '2025-01-31');
    expect(r.backtest.evaluated).toBe(2);
    expect(r.backtest.overall.confusion).toEqual({ tp: 1, fp: 0, fn: 0, tn: 1 });
    expect(r.backtest.breakdowns[0]!.groups.map((g) => g.metrics.n)).toEqual([1, 1]);
    expect(r.portfolio.accounts).toBe(2);
  });
  it('report the share of churned ARR the at-risk set caught', () => {
    const r = evaluateFrame(frame, cfg, DEFAULT_BACKTEST, '2025-01-31');
    // Churners: 65 (100, Yellow), 35 (300, Red), 10 (700, Red) → Red catches 1000 of 1100.
    expect(r.backtest.arrCaptured).toBeCloseTo(1000 / 1100, 12);
  });
  it('mark groups with fewer churners than the minimum as too few to judge', () => {
    const r = evaluateFrame(frame, cfg, { ...DEFAULT_BACKTEST, minChurners: 2 }, '2025-01-31');
    const groups = r.backtest.breakdowns.find((b) => b.dimension === 'segment')!.groups;
    expect(groups.map((g) => [g.group, g.metrics.positives, g.tooFewToJudge])).toEqual([
      ['Enterprise', 1, true],
      ['SMB', 2, false],
    ]);
    expect(r.backtest.warnings.map((w) => w.kind)).not.toContain('small-sample');
    expect(evaluateFrame(frame, cfg, DEFAULT_BACKTEST, '2025-01-31').backtest.warnings.map((w) => w.kind)).toContain(
      'small-sample',
    );
  });
  it('give the same answer incrementally as from scratch, whatever was edited before', () => {
    const p = new BacktestPipeline(frame);
    const steps = [
      { config: cfg, backtest: DEFAULT_BACKTEST },
      {
        config: {
          ...cfg,
          tiers: {
            ...TRAFFIC_LIGHT,
            tiers: TRAFFIC_LIGHT.tiers.map((t) => (t.id === 'yellow' ? { ...t, min: 55 } : t)),
          },
        },
        backtest: DEFAULT_BACKTEST,
      },
      { config: simpleConfig(60, 40), backtest: { ...DEFAULT_BACKTEST, horizonDays: 30 } },
      {
        config: simpleConfig(60, 40),
        backtest: { ...DEFAULT_BACKTEST, horizonDays: 30, atRiskTiers: ['red', 'yellow'], capacityK: 1 },
      },
    ];
    for (const s of steps)
      expect(p.run({ ...s, asOf: '2025-01-31' })).toEqual(
        new BacktestPipeline(frame).run({ ...s, asOf: '2025-01-31' }),
      );
  });
  it('evaluate one frame with one pipeline however many times they are asked, with the numbers of a fresh one', () => {
    const build = vi.fn((f: typeof frame) => new BacktestPipeline(f));
    const evaluate = frameEvaluator(build);
    const edits = [cfg, simpleConfig(60, 40), simpleConfig(60, 40, TRAFFIC_LIGHT, 'penalise')];
    for (const c of edits)
      expect(evaluate(frame, c, DEFAULT_BACKTEST, '2025-01-31')).toEqual(
        new BacktestPipeline(frame).run({ config: c, backtest: DEFAULT_BACKTEST, asOf: '2025-01-31' }),
      );
    expect(build).toHaveBeenCalledTimes(1);
    // Another frame is other snapshots: its own pipeline.
    const other = frameOf(scores.map((s) => ({ logins_trend: 100 - s })));
    evaluate(other, cfg, DEFAULT_BACKTEST, '2025-01-31');
    expect(build).toHaveBeenCalledTimes(2);
    expect(build.mock.calls.map(([f]) => f)).toEqual([frame, other]);
  });
});

describe('missing-data policies through the pipeline', () => {
  it('portfolio histograms equal scoring each snapshot directly, under every policy and across weight moves', async () => {
    const { scoreFrame } = await import('../../engine/core/scoring/score.js');
    // Half the accounts lack the second category.
    const frame = frameOf(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 ? { logins_trend: i * 2.5 } : { logins_trend: i * 2.5, csat_last5: 100 - i * 2 },
      ),
    );
    const pipeline = new BacktestPipeline(frame);
    for (const missing of ['neutral', 'penalise', 'reweight', 'penalise'] as const) {
      for (const [a, b] of [
        [70, 30],
        [40, 60],
      ] as const) {
        const config = simpleConfig(a, b, TRAFFIC_LIGHT, missing);
        const r = pipeline.run({ config, backtest: DEFAULT_BACKTEST, asOf: '2025-01-31' });
        const direct = new Array<number>(101).fill(0);
        for (const s of scoreFrame(frame, config).scores) if (s === s) direct[scoreBin(s)]!++;
        expect(r.portfolio.histogram, `${missing} ${a}/${b}`).toEqual(direct);
      }
    }
  });
});
