import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evaluateFrame } from '../../engine/core/backtest/evaluate.js';
import { stabilityByMonth } from '../../engine/core/backtest/stability.js';
import { frameInsight } from '../../engine/core/insight/insight.js';
import { predictorInsight } from '../../engine/core/insight/signalInsight.js';
import { aucLowerChurns, informationValue, univariatePower } from '../../engine/core/insight/univariate.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { mulberry32 } from '../../engine/core/random/mulberry32.js';
import { SIGNALS } from '../../engine/core/signals/catalog.js';
import { frameOf, simpleConfig } from './frames.js';

/** Runs a Python snippet reading JSON on stdin and printing JSON. */
function sklearn<T>(script: string, input: unknown): T {
  return JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' }),
  );
}

// Values with heavy ties (many snapshots share a value), churn more likely at low values.
const rand = mulberry32(17);
const VALUES = Array.from({ length: 400 }, () => Math.floor(rand() * 12) - 3);
const LABELS = VALUES.map((v) => (rand() < 0.5 - v * 0.035 ? 1 : 0));

describe('univariate power', () => {
  it('gives the AUC of roc_auc_score(y, -value), ties counting half', () => {
    const ref = sklearn<number[]>(
      `import json,sys
from sklearn.metrics import roc_auc_score
d=json.load(sys.stdin)
print(json.dumps([roc_auc_score(d['y'],[-v for v in d['v']]), roc_auc_score(d['y'],d['v'])]))`,
      { v: VALUES, y: LABELS },
    );
    const lower = aucLowerChurns(VALUES, LABELS)!;
    expect(lower).toBeCloseTo(ref[0]!, 12);
    expect(ref[0]).toBeGreaterThan(0.5);
    // Oriented: the same AUC whichever way the value runs, with the direction stated.
    const up = univariatePower(Float64Array.from(VALUES), Uint8Array.from(LABELS));
    const down = univariatePower(
      Float64Array.from(VALUES, (v) => -v),
      Uint8Array.from(LABELS),
    );
    expect(up.auc).toBeCloseTo(ref[0]!, 12);
    expect(up.direction).toBe('lower-churns');
    expect(down.auc).toBeCloseTo(1 - ref[1]!, 12);
    expect(down.direction).toBe('higher-churns');
  });
  it('gives no AUC with one outcome only', () => {
    expect(aucLowerChurns([1, 2, 3], [0, 0, 0])).toBeNull();
    expect(aucLowerChurns([1, 2, 3], [1, 1, 1])).toBeNull();
  });
  it('computes the information value as worked by hand', () => {
    // 20 snapshots, 12 stayers and 8 churners, in two bands (10 with 2 churners, 10 with 6).
    // Smoothed shares: stayers 8.5/13, 4.5/13; churners 2.5/9, 6.5/9.
    // IV = (8.5/13 − 2.5/9)·ln((8.5/13)/(2.5/9)) + (4.5/13 − 6.5/9)·ln((4.5/13)/(6.5/9))
    //    = 0.376068 × 0.856050 + (−0.376068) × (−0.735446) = 0.321932 + 0.276581 = 0.598513
    expect(
      informationValue([
        { count: 10, events: 2 },
        { count: 10, events: 6 },
      ]),
    ).toBeCloseTo(0.598513, 5);
    expect(informationValue([{ count: 10, events: 3 }])).toBe(0);
  });
  it('gives a constant signal AUC 0.5, IV 0 and no variation', () => {
    const p = univariatePower(
      new Float64Array(30).fill(4),
      Uint8Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    );
    expect(p.auc).toBe(0.5);
    expect(p.iv).toBe(0);
    expect(p.varies).toBe(false);
    expect(p.direction).toBeNull();
    expect(p.bands).toHaveLength(1);
  });
});

describe('signal insight over evaluated snapshots', () => {
  it('counts coverage over evaluated snapshots, skipping missing values and rows not evaluated', () => {
    const column = Float32Array.from([1, Number.NaN, 3, 4, Number.NaN, 6, 99]);
    // Row 6 is not evaluated: its value must not count.
    const r = predictorInsight(
      column,
      { rows: Uint32Array.from([0, 1, 2, 3, 4, 5]), labels: Uint8Array.from([1, 1, 0, 1, 0, 0]) },
      { id: 'x', label: 'X', category: 'usage' },
    );
    expect(r.available).toBe(4);
    expect(r.coverage).toBeCloseTo(4 / 6, 12);
    expect(r.churned).toBe(2);
    // Values 1 (churned), 3, 4 (churned), 6: churners lower in 3 of 4 pairs.
    expect(r.auc).toBeCloseTo(0.75, 12);
    expect(r.bands.reduce((s, b) => s + b.count, 0)).toBe(4);
  });
  it('reports a signal the data lacks as coverage 0 with no AUC', () => {
    const r = predictorInsight(
      undefined,
      { rows: Uint32Array.from([0, 1]), labels: Uint8Array.from([1, 0]) },
      {
        id: 'x',
        label: 'X',
        category: 'usage',
      },
    );
    expect([r.coverage, r.auc, r.iv, r.bands.length]).toEqual([0, null, 0, 0]);
  });
  it('answers every catalogue signal and every category of the default configuration', () => {
    const f = frameOf(
      [20, 80, 40, 60, 10, 90].map((v) => ({ logins_trend: v })),
      { daysToChurn: Float32Array.from([10, Number.NaN, 30, Number.NaN, 5, Number.NaN]) },
    );
    const r = frameInsight(f, simpleConfig(50, 50), DEFAULT_BACKTEST);
    expect(r.signals.map((s) => s.id)).toEqual(SIGNALS.map((s) => s.id));
    const logins = r.signals.find((s) => s.id === 'logins_trend')!;
    expect([logins.coverage, logins.auc, logins.direction]).toEqual([1, 1, 'lower-churns']);
    expect(r.signals.find((s) => s.id === 'csat_last5')!.coverage).toBe(0);
    expect(r.categories.map((c) => [c.id, c.coverage])).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
    // One month: its figures are the backtest's own, at the same cut points.
    const b = evaluateFrame(f, simpleConfig(50, 50), DEFAULT_BACKTEST, '2025-01-31').backtest;
    expect(r.months).toEqual([
      {
        period: '2025-01-31',
        snapshots: b.evaluated,
        churned: 3,
        precision: b.overall.precision,
        recall: b.overall.recall,
        auc: b.auc,
      },
    ]);
  });
});

describe('stability month by month', () => {
  it('matches scikit-learn precision, recall and AUC per month', () => {
    const rnd = mulberry32(5);
    const n = 600;
    const month = Uint16Array.from({ length: n }, () => Math.floor(rnd() * 4));
    // Integer scores: many ties within a month.
    const scores = Float32Array.from({ length: n }, () => Math.floor(rnd() * 60) + 20);
    const labels = Uint8Array.from(scores, (s) => (rnd() < (90 - s) / 120 ? 1 : 0));
    // Month 3 has no churner: its AUC and recall are undefined, not 0.
    for (let j = 0; j < n; j++) if (month[j] === 3) labels[j] = 0;
    const predicted = Uint8Array.from(scores, (s) => (s < 45 ? 1 : 0));
    const periods = ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30'];
    const mine = stabilityByMonth({ periods, month, labels, scores, predicted });
    const ref = sklearn<{ precision: number; recall: number | null; auc: number | null; n: number }[]>(
      `import json,sys
from sklearn.metrics import roc_auc_score, precision_score, recall_score
d=json.load(sys.stdin)
out=[]
for m in range(4):
  idx=[j for j in range(len(d['m'])) if d['m'][j]==m]
  y=[d['y'][j] for j in idx]; s=[-d['s'][j] for j in idx]; p=[d['p'][j] for j in idx]
  both=len(set(y))==2
  out.append({'n':len(idx),'precision':precision_score(y,p,zero_division=0),'recall':recall_score(y,p) if both else None,'auc':roc_auc_score(y,s) if both else None})
print(json.dumps(out))`,
      { m: [...month], y: [...labels], s: [...scores], p: [...predicted] },
    );
    expect(mine.map((r) => r.period)).toEqual(periods);
    mine.forEach((r, m) => {
      expect(r.snapshots).toBe(ref[m]!.n);
      expect(r.precision).toBeCloseTo(ref[m]!.precision, 12);
      if (ref[m]!.auc === null) {
        expect(r.auc).toBeNull();
        expect(r.recall).toBeNull();
      } else {
        expect(r.auc).toBeCloseTo(ref[m]!.auc, 12);
        expect(r.recall).toBeCloseTo(ref[m]!.recall!, 12);
      }
    });
  });
  it('leaves out months without evaluated snapshots', () => {
    const r = stabilityByMonth({
      periods: ['a', 'b', 'c'],
      month: Uint16Array.from([2, 0, 2]),
      labels: Uint8Array.from([1, 0, 0]),
      scores: Float32Array.from([10, 50, 60]),
      predicted: Uint8Array.from([1, 0, 0]),
    });
    expect(r.map((x) => [x.period, x.snapshots, x.churned, x.auc])).toEqual([
      ['a', 1, 0, null],
      ['c', 2, 1, 1],
    ]);
  });
});
