import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../engine/core/api/schema.js';
import { accountsBelow, MIN_LIFT, suggestCuts } from '../../engine/core/backtest/cutSuggestions.js';
import { verdictOf } from '../../engine/core/calibration/heldOut.js';
import { suggestWeights } from '../../engine/core/calibration/suggestWeights.js';
import { DEFAULT_BACKTEST, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { mulberry32 } from '../../engine/core/random/mulberry32.js';
import { frameOf } from './frames.js';

describe('held-out verdict', () => {
  it('calls a loss worse even when its interval reaches above zero', () => {
    expect(verdictOf(-0.001, [-0.01, 0.008])).toBe('worse');
  });
  it('calls a gain whose interval reaches zero within noise (the sample’s suggested weights)', () => {
    expect(verdictOf(0.0078, [-0.0006, 0.0167])).toBe('within-noise');
  });
  it('calls a gain better only when the whole interval is above zero', () => {
    expect(verdictOf(0.01, [0.002, 0.02])).toBe('better');
    expect(verdictOf(0.01, [0, 0.02])).toBe('within-noise');
    expect(verdictOf(null, null)).toBe('not-judged');
  });
});

describe('guarded cut suggestions', () => {
  const settings = { targetRecall: 0.7, costMissed: 10, costNeedless: 1 };
  it('suggest no cut when every candidate churns at the base rate, and say why', () => {
    // One churner and three stayers in every bin: a 25 % base rate everywhere. Unguarded, best F1 flags everyone.
    const pos = Array.from({ length: 101 }, (_, b) => (b < 100 ? 1 : 0));
    const neg = pos.map((p) => p * 3);
    const cuts = suggestCuts(pos, neg, settings);
    for (const c of cuts) {
      expect(c.threshold).toBeNull();
      expect(c.note).toMatch(/base rate of 25\.0 %/);
    }
  });
  it('keep only cuts whose at-risk set churns at least 1.2× the base rate', () => {
    // Scores below 10 churn at 40 % (100 snapshots), the rest at 20 % (1,000): base rate 240 / 1,100 = 21.8 %.
    // Below T = 30 the at-risk set churns (40 + 20·20/9) / (100 + 20·100/9) = 26.2 % ≥ 1.2 × 21.8 %; below 31, 26.0 %.
    const pos = Array.from({ length: 101 }, (_, b) => (b < 10 ? 4 : b < 100 ? 20 / 9 : 0));
    const neg = Array.from({ length: 101 }, (_, b) => (b < 10 ? 6 : b < 100 ? 80 / 9 : 0));
    const [f1, recall, cost] = suggestCuts(pos, neg, settings);
    // F1 and cost both improve with every bin added, so unguarded they would flag everyone (T = 100).
    expect(f1!.threshold).toBe(30);
    expect(f1!.metrics!.lift!).toBeGreaterThanOrEqual(MIN_LIFT);
    expect(f1!.flaggedShare).toBeCloseTo((100 + (20 * 100) / 9) / 1100, 12);
    expect(cost!.threshold).toBe(30);
    // 70 % recall needs nearly everyone flagged at ~the base rate: not suggested, and the note says to lower the target.
    expect(recall!.threshold).toBeNull();
    expect(recall!.note).toMatch(/lower the target recall/);
  });
  it('count the accounts a cut sends to the playbook from the as-of histogram', () => {
    const histogram = new Array(101).fill(0);
    histogram[5] = 3;
    histogram[39] = 400;
    histogram[40] = 7;
    histogram[100] = 1;
    expect(accountsBelow(histogram, 40)).toBe(403);
    expect(accountsBelow(histogram, 41)).toBe(410);
    expect(accountsBelow(histogram, 5)).toBe(0);
  });
});

describe('guarded weight suggestions', () => {
  // 300 accounts × 6 month-ends; churn follows logins; payment_current is 1 for everyone, NPS is never answered.
  const rand = mulberry32(3);
  const accounts = 300;
  const months = ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30'];
  const rows = months.flatMap(() =>
    Array.from({ length: accounts }, () => ({ logins_trend: 0.4 + rand() * 0.8, payment_current: 1 })),
  );
  const frame = frameOf(
    rows,
    {
      period: Uint16Array.from(rows, (_, i) => Math.floor(i / accounts)),
      account: Int32Array.from(rows, (_, i) => i % accounts),
      daysToChurn: Float32Array.from(rows, (r) => (rand() < 0.5 - (r.logins_trend - 0.4) / 1.8 ? 30 : Number.NaN)),
    },
    ['SMB'],
    months,
  );
  const config: ModelConfig = {
    schemaVersion: 1,
    name: 'three categories',
    missing: 'neutral',
    tiers: TRAFFIC_LIGHT,
    categories: [
      {
        id: 'usage',
        name: 'Usage',
        weight: 40,
        signals: [{ signal: 'logins_trend', weight: 1, normalisation: { kind: 'linear', worst: 0.4, best: 1.2 } }],
      },
      {
        id: 'billing',
        name: 'Billing',
        weight: 30,
        signals: [
          {
            signal: 'payment_current',
            weight: 1,
            normalisation: { kind: 'boolean', when: { op: '==', value: 1 }, score: 100, otherwise: 0 },
          },
        ],
      },
      {
        id: 'engagement',
        name: 'Engagement',
        weight: 30,
        signals: [
          { signal: 'nps_latest', weight: 1, normalisation: { kind: 'bands', edges: [7, 9], scores: [20, 60, 100] } },
        ],
      },
    ],
  };
  // Run inside the tests' hooks, not while the file is collected: mutation testing's per-test coverage sees it there.
  let s: ReturnType<typeof suggestWeights>;
  beforeAll(() => {
    s = suggestWeights(frame, config, DEFAULT_BACKTEST);
  });
  it('leave out a category with one score for everyone and one with no data, and say why', () => {
    expect(s.ignored).toEqual([
      { id: 'billing', reason: 'every snapshot in the fitting months scores 100' },
      { id: 'engagement', reason: 'no data in the fitting months' },
    ]);
    expect(s.weights).toEqual([100, 0, 0]);
  });
  it('judge current against suggested on the same held-out snapshots, with intervals', () => {
    expect(s.testSnapshots).toBe(2 * accounts);
    expect(s.current.aucInterval).not.toBeNull();
    expect(s.suggested.aucInterval).not.toBeNull();
    // Only usage varies, so both weightings rank the held-out snapshots identically: no gain, not an improvement.
    expect(s.heldOut!.gain).toBeCloseTo(0, 12);
    expect(s.heldOut!.verdict).toBe('within-noise');
  });
});
