import { describe, expect, it } from 'vitest';
import { ModelConfigSchema, type Normalisation } from '../../engine/core/api/schema.js';
import { DEFAULT_CONFIG, FOUR_TIER, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { normaliseValue, percentileColumn } from '../../engine/core/scoring/normalise.js';
import { combineScores, scoreFrame } from '../../engine/core/scoring/score.js';
import { scoreBin, tierIndex } from '../../engine/core/scoring/tiers.js';
import { explainScore } from '../../engine/core/scoring/explain.js';
import { SIGNAL_IDS } from '../../engine/core/signals/catalog.js';
import { frameOf, simpleConfig } from './frames.js';

describe('normalisation', () => {
  it('maps linear ranges to 0–100, clamps, and handles lower-is-better', () => {
    const up = { kind: 'linear', worst: 0.5, best: 1 } as const;
    expect(normaliseValue(0.75, up)).toBe(50);
    expect(normaliseValue(0.2, up)).toBe(0);
    expect(normaliseValue(3, up)).toBe(100);
    const down = { kind: 'linear', worst: 3, best: 1 } as const;
    expect(normaliseValue(2, down)).toBe(50);
    expect(normaliseValue(0, down)).toBe(100);
  });
  it('maps bands with inclusive lower edges', () => {
    const spec: Normalisation = { kind: 'bands', edges: [1, 31, 61], scores: [100, 60, 30, 0] };
    expect([0, 1, 30, 31, 60, 61, 400].map((v) => normaliseValue(v, spec))).toEqual([100, 60, 60, 30, 30, 0, 0]);
  });
  it('adds rule points to a base and clamps, as playbooks write them', () => {
    // Login trend: +10 if stable or up, −20 if down more than 50 %, from a base of 60.
    const spec: Normalisation = {
      kind: 'rules',
      base: 60,
      rules: [
        { when: { op: '>=', value: 1 }, points: 10 },
        { when: { op: '<', value: 0.5 }, points: -20 },
      ],
    };
    expect([1.2, 1, 0.8, 0.5, 0.49].map((v) => normaliseValue(v, spec))).toEqual([70, 70, 60, 60, 40]);
    const clamp: Normalisation = {
      kind: 'rules',
      base: 95,
      rules: [
        { when: { op: '>', value: 0 }, points: 30 },
        { when: { op: '<', value: 0 }, points: -100 },
      ],
    };
    expect([1, -1].map((v) => normaliseValue(v, clamp))).toEqual([100, 0]);
  });
  it('scores a boolean condition', () => {
    const failed: Normalisation = { kind: 'boolean', when: { op: '>', value: 0 }, score: 0, otherwise: 100 };
    expect([0, 3].map((v) => normaliseValue(v, failed))).toEqual([100, 0]);
  });
  it('keeps unavailable values unavailable', () => {
    expect(normaliseValue(Number.NaN, { kind: 'linear', worst: 0, best: 1 })).toBeNaN();
  });
  it('ranks by percentile among the accounts of the same date and segment, ties sharing the lower rank (as PERCENT_RANK)', () => {
    // Two dates; at the first, Enterprise has 10, 20, 20, 40 and one unavailable, SMB a single account.
    const v = [10, 20, 20, 40, Number.NaN, 5, 7, 7];
    const frame = frameOf(
      v.map((x) => ({ seat_utilisation: x })),
      {
        segment: Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 0]),
        period: Uint16Array.from([0, 0, 0, 0, 0, 0, 1, 1]),
      },
      ['Enterprise', 'SMB'],
      ['2025-01-31', '2025-02-28'],
    );
    const up = percentileColumn(frame, frame.values.seat_utilisation, {
      kind: 'percentile',
      higherIsBetter: true,
      within: 'segment',
    });
    expect(Array.from(up)).toEqual([0, 100 / 3, 100 / 3, 100, Number.NaN, 0, 0, 0].map(Math.fround));
    const down = percentileColumn(frame, frame.values.seat_utilisation, {
      kind: 'percentile',
      higherIsBetter: false,
      within: 'segment',
    });
    expect(Array.from(down)).toEqual([100, 200 / 3, 200 / 3, 0, Number.NaN, 100, 100, 100].map(Math.fround));
    // Across the portfolio the SMB account joins the first date's ranking.
    const all = percentileColumn(frame, frame.values.seat_utilisation, {
      kind: 'percentile',
      higherIsBetter: true,
      within: 'portfolio',
    });
    expect(Array.from(all)).toEqual([25, 50, 50, 100, Number.NaN, 0, 0, 0].map(Math.fround));
  });
});

describe('weighted scores', () => {
  it('equal the hand-computed weighted sum', () => {
    const frame = frameOf([
      { logins_trend: 80, csat_last5: 20 },
      { logins_trend: 40, csat_last5: 100 },
    ]);
    const { scores } = scoreFrame(frame, simpleConfig(70, 30));
    expect(scores[0]).toBeCloseTo(0.7 * 80 + 0.3 * 20, 4); // 62
    expect(scores[1]).toBeCloseTo(0.7 * 40 + 0.3 * 100, 4); // 58
  });
  it('reproduce the reference worked example (65, 50, 80, 40, 30 → 56)', () => {
    const cats = [65, 50, 80, 40, 30].map((v) => Float32Array.of(v));
    const scores = combineScores(
      cats,
      DEFAULT_CONFIG.categories.map((c) => c.weight),
      'neutral',
      1,
    );
    expect(scores[0]).toBeCloseTo(56, 5);
  });
  it('score a missing category 50 under the neutral policy and drop it under re-weighting', () => {
    const frame = frameOf([{ logins_trend: 80 }]);
    expect(scoreFrame(frame, simpleConfig(70, 30)).scores[0]).toBeCloseTo(0.7 * 80 + 0.3 * 50, 4);
    expect(scoreFrame(frame, simpleConfig(70, 30, TRAFFIC_LIGHT, 'reweight')).scores[0]).toBeCloseTo(80, 4);
    expect(scoreFrame(frameOf([{}]), simpleConfig(70, 30, TRAFFIC_LIGHT, 'reweight')).scores[0]).toBeNaN();
    // Penalised: the missing category scores 0, so silence pulls the score down.
    expect(scoreFrame(frame, simpleConfig(70, 30, TRAFFIC_LIGHT, 'penalise')).scores[0]).toBeCloseTo(0.7 * 80, 4);
    expect(scoreFrame(frameOf([{}]), simpleConfig(70, 30, TRAFFIC_LIGHT, 'penalise')).scores[0]).toBe(0);
    const ex = explainScore(simpleConfig(70, 30, TRAFFIC_LIGHT, 'penalise'), [80, Number.NaN]);
    expect(ex.contributions.reduce((t, c) => t + c.contribution, 0)).toBeCloseTo(56, 4);
    expect(ex.text).toContain('penalised: scored 0');
  });
  it('score a missing category 50 under the neutral policy with 8, 10 and 12 categories too (the schema allows 12)', () => {
    // Category c reads signal c alone, linear 0–100 on the raw value; the given weights, and which categories have data.
    const config = (weights: number[]) =>
      ModelConfigSchema.parse({
        schemaVersion: 1,
        name: `${weights.length} categories`,
        missing: 'neutral',
        tiers: TRAFFIC_LIGHT,
        categories: weights.map((weight, c) => ({
          id: `c${c}`,
          name: `C${c}`,
          weight,
          signals: [{ signal: SIGNAL_IDS[c]!, weight: 1, normalisation: { kind: 'linear', worst: 0, best: 100 } }],
        })),
      });
    const at80 = (present: number[]) => Object.fromEntries(present.map((c) => [SIGNAL_IDS[c]!, 80]));
    // 8 × 12.5, categories 4–7 at 80 and 0–3 missing: (50 · 50 + 50 · 80) / 100 = 65.
    const eight = config(new Array(8).fill(12.5));
    expect(scoreFrame(frameOf([at80([4, 5, 6, 7])]), eight).scores[0]).toBeCloseTo(65, 4);
    // 10 × 10, three missing: (30 · 50 + 70 · 80) / 100 = 71.
    const ten = config(new Array(10).fill(10));
    expect(scoreFrame(frameOf([at80([0, 1, 2, 3, 4, 5, 6])]), ten).scores[0]).toBeCloseTo(71, 4);
    // 12: eight at 10 missing, four at 5 present: (80 · 50 + 20 · 80) / 100 = 56; nothing present at all: 50.
    const twelve = config([10, 10, 10, 10, 10, 10, 10, 10, 5, 5, 5, 5]);
    const scores = scoreFrame(frameOf([at80([8, 9, 10, 11]), {}]), twelve).scores;
    expect(scores[0]).toBeCloseTo(56, 4);
    expect(scores[1]).toBeCloseTo(50, 4);
  });
  it('average a category over its available signals by signal weight', () => {
    const cfg = ModelConfigSchema.parse({
      ...simpleConfig(100, 0),
      categories: [
        {
          id: 'u',
          name: 'U',
          weight: 100,
          signals: [
            { signal: 'logins_trend', weight: 3, normalisation: { kind: 'linear', worst: 0, best: 100 } },
            { signal: 'feature_breadth', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 100 } },
          ],
        },
      ],
    });
    expect(scoreFrame(frameOf([{ logins_trend: 40, feature_breadth: 80 }]), cfg).scores[0]).toBeCloseTo(50, 4);
    expect(scoreFrame(frameOf([{ feature_breadth: 80 }]), cfg).scores[0]).toBeCloseTo(80, 4);
  });
});

describe('tiers', () => {
  it('cut at inclusive lower bounds (Green ≥ 70, Yellow 40–69, Red < 40)', () => {
    expect([100, 70, 69.99, 40, 39.999, 0].map((s) => TRAFFIC_LIGHT.tiers[tierIndex(s, TRAFFIC_LIGHT)]!.id)).toEqual([
      'green',
      'green',
      'yellow',
      'yellow',
      'red',
      'red',
    ]);
    expect([80, 79.5, 60, 59, 40, 39].map((s) => FOUR_TIER.tiers[tierIndex(s, FOUR_TIER)]!.id)).toEqual([
      'healthy',
      'medium',
      'medium',
      'high-risk',
      'high-risk',
      'critical',
    ]);
    expect(tierIndex(Number.NaN, TRAFFIC_LIGHT)).toBe(-1);
  });
  it('agree with 1-point bins for every integer cut point', () => {
    for (let s = 0; s <= 100; s += 0.25)
      expect(tierIndex(scoreBin(s), TRAFFIC_LIGHT)).toBe(tierIndex(s, TRAFFIC_LIGHT));
  });
});

describe('model configuration schema', () => {
  it('accepts the default model', () => {
    expect(ModelConfigSchema.safeParse(DEFAULT_CONFIG).success).toBe(true);
  });
  it('rejects weights that do not sum to 100, with the sum in the message', () => {
    const bad = {
      ...DEFAULT_CONFIG,
      categories: DEFAULT_CONFIG.categories.map((c, i) => (i === 0 ? { ...c, weight: 27 } : c)),
    };
    const r = ModelConfigSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('weights sum to 97, expected 100');
  });
  it('rejects a rule-points normalisation without rules or with unknown operators', () => {
    const cat = DEFAULT_CONFIG.categories[0]!;
    const bad = {
      ...DEFAULT_CONFIG,
      categories: [
        {
          ...cat,
          signals: [
            {
              ...cat.signals[0]!,
              normalisation: { kind: 'rules', base: 50, rules: [{ when: { op: '~', value: 1 }, points: 5 }] },
            },
          ],
        },
        ...DEFAULT_CONFIG.categories.slice(1),
      ],
    };
    expect(ModelConfigSchema.safeParse(bad).success).toBe(false);
  });
  it('rejects unordered cut points', () => {
    const tiers = {
      ...TRAFFIC_LIGHT,
      tiers: TRAFFIC_LIGHT.tiers.map((t) => (t.id === 'yellow' ? { ...t, min: 75 } : t)),
    };
    const r = ModelConfigSchema.safeParse({ ...DEFAULT_CONFIG, tiers });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain('tiers.tiers.1.min');
  });
});
