/**
 * Several configurations in one model: assignment rules (first match wins),
 * each configuration's own weights, missing-data policy and cut points, and
 * every statistic the backtest derives from them, checked against a
 * row-by-row computation written independently of the pipeline.
 */
import { describe, expect, it } from 'vitest';
import {
  ModelConfigSchema,
  type EvaluationResult,
  type ModelConfig,
  type Variant,
} from '../../engine/core/api/schema.js';
import { alertBacktest, neighbourRows } from '../../engine/core/backtest/alerts.js';
import { BacktestPipeline } from '../../engine/core/backtest/pipeline.js';
import { listAccounts } from '../../engine/core/accounts/listAccounts.js';
import { validateConfig } from '../../engine/core/config/validateConfig.js';
import {
  editableConfiguration,
  resolveConfigurations,
  withEditedConfiguration,
} from '../../engine/core/model/configurations.js';
import { DEFAULT_BACKTEST, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { mulberry32 } from '../../engine/core/random/mulberry32.js';
import { assignConfigurations, configurationFor, ruleMatches } from '../../engine/core/scoring/assign.js';
import { applyOverrides } from '../../engine/core/scoring/overrides.js';
import { scoreFrame } from '../../engine/core/scoring/score.js';
import { AGE_UNKNOWN } from '../../engine/core/snapshots/frame.js';
import { frameOf, simpleConfig } from './frames.js';

const lin = { kind: 'linear', worst: 0, best: 100 } as const;
const twoCategories = (wA: number, wB: number) => [
  { id: 'a', name: 'A', weight: wA, signals: [{ signal: 'logins_trend' as const, weight: 1, normalisation: lin }] },
  { id: 'b', name: 'B', weight: wB, signals: [{ signal: 'csat_last5' as const, weight: 1, normalisation: lin }] },
];
const ONBOARDING: Variant = {
  id: 'onboarding',
  name: 'Onboarding',
  when: { ageDaysBelow: 60 },
  categories: twoCategories(80, 20),
  cuts: [80, 50, 0],
};
const ENTERPRISE: Variant = {
  id: 'enterprise',
  name: 'Enterprise',
  when: { segments: ['enterprise'] },
  categories: twoCategories(30, 70),
  missing: 'reweight',
};

function withVariants(base: ModelConfig, variants: Variant[]): ModelConfig {
  return ModelConfigSchema.parse({ ...base, variants });
}

/** A backtest without its per-configuration category coverage: a variant copying the default lists the same categories twice. */
const sameAcrossConfigurations = (b: EvaluationResult['backtest']) => ({
  ...b,
  evidence: b.evidence && { ...b.evidence, categories: [] },
});

describe('assignment rules', () => {
  const facts = { segment: 'Enterprise', plan: 'Pro', region: 'EMEA', arr: 120_000, ageDays: 400 };
  it('match when every condition holds; lists match any value, ignoring case and spaces', () => {
    expect(ruleMatches({ segments: [' enterprise'], regions: ['NA', 'emea'] }, facts)).toBe(true);
    expect(ruleMatches({ segments: ['Enterprise'], plans: ['Starter'] }, facts)).toBe(false);
  });
  it('treat an ARR band as from arrMin (inclusive) to below arrBelow, and an unknown ARR as in no band', () => {
    expect(ruleMatches({ arrMin: 120_000 }, facts)).toBe(true);
    expect(ruleMatches({ arrBelow: 120_000 }, facts)).toBe(false);
    expect(ruleMatches({ arrMin: 50_000, arrBelow: 150_000 }, facts)).toBe(true);
    expect(ruleMatches({ arrMin: 0 }, { ...facts, arr: Number.NaN })).toBe(false);
  });
  it('switch an account from onboarding to the default on the day it turns N days old; an unknown age is never onboarding', () => {
    const configs = resolveConfigurations(withVariants(simpleConfig(50, 50), [ONBOARDING]));
    expect(configurationFor(configs, { ...facts, ageDays: 59 })).toBe(0);
    expect(configurationFor(configs, { ...facts, ageDays: 60 })).toBe(1);
    expect(configurationFor(configs, { ...facts, ageDays: AGE_UNKNOWN })).toBe(1);
  });
  it('give the account to the first matching configuration, and the default to everyone else', () => {
    const configs = resolveConfigurations(withVariants(simpleConfig(50, 50), [ONBOARDING, ENTERPRISE]));
    expect(configs.map((c) => c.id)).toEqual(['onboarding', 'enterprise', 'default']);
    expect(configurationFor(configs, { ...facts, ageDays: 10 })).toBe(0); // young Enterprise: onboarding comes first
    expect(configurationFor(configs, facts)).toBe(1);
    expect(configurationFor(configs, { ...facts, segment: 'SMB' })).toBe(2);
  });
  it('assign whole frames the same way as one account at a time', () => {
    const frame = randomFrame(7, 40, 6);
    const configs = resolveConfigurations(
      withVariants(simpleConfig(50, 50), [
        ONBOARDING,
        ENTERPRISE,
        { ...ENTERPRISE, id: 'big', when: { arrMin: 50_000, plans: ['Pro'] } },
      ]),
    );
    const assigned = assignConfigurations(frame, configs)!;
    for (let i = 0; i < frame.n; i++) {
      const m = frame.meta;
      expect(assigned[i]).toBe(
        configurationFor(configs, {
          segment: m.segments[frame.segment[i]!]!,
          plan: m.plans[frame.plan[i]!]!,
          region: m.regions[frame.region[i]!]!,
          arr: frame.arr[i]!,
          ageDays: frame.ageDays[i]!,
        }),
      );
    }
    expect(assignConfigurations(frame, resolveConfigurations(simpleConfig(50, 50)))).toBeNull();
  });
});

describe('configuration files with variants', () => {
  const base = simpleConfig(50, 50);
  const problems = (variants: unknown[]) => {
    const r = validateConfig({ ...base, variants });
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
  };
  it('accept a model with an onboarding and an Enterprise configuration', () => {
    expect(problems([ONBOARDING, ENTERPRISE])).toEqual([]);
  });
  it('say where a variant is wrong: weights, duplicate or reserved ids, cut points, empty rules and bands', () => {
    expect(problems([{ ...ONBOARDING, categories: twoCategories(80, 30) }])).toEqual([
      'variants[0].categories: weights sum to 110, expected 100',
    ]);
    expect(problems([ONBOARDING, { ...ENTERPRISE, id: 'onboarding' }])).toEqual([
      'variants[1].id: duplicate configuration id "onboarding"',
    ]);
    expect(problems([{ ...ENTERPRISE, id: 'default' }])[0]).toMatch(/^variants\[0\]\.id: .*reserved/);
    expect(problems([{ ...ONBOARDING, cuts: [80, 0] }])).toEqual(['variants[0].cuts: 2 cut points for 3 tiers']);
    expect(problems([{ ...ONBOARDING, cuts: [50, 80, 0] }])).toEqual([
      'variants[0].cuts[1]: cut points must decrease: Yellow starts at 80, not below 50',
    ]);
    expect(problems([{ ...ONBOARDING, cuts: [80, 50, 10] }])).toEqual([
      'variants[0].cuts[2]: the lowest tier must start at 0',
    ]);
    expect(problems([{ ...ONBOARDING, when: {} }])[0]).toMatch(
      /^variants\[0\]\.when: a rule needs at least one condition/,
    );
    expect(problems([{ ...ONBOARDING, when: { arrMin: 100, arrBelow: 100 } }])).toEqual([
      'variants[0].when.arrBelow: the ARR band is empty: 100 to below 100',
    ]);
  });
  it('leave a model without variants exactly as it was (approved files keep their fingerprint)', () => {
    expect('variants' in ModelConfigSchema.parse(base)).toBe(false);
  });
});

describe('editing one configuration at a time', () => {
  const model = withVariants(simpleConfig(50, 50), [ONBOARDING, ENTERPRISE]);
  it('shows a variant as a plain model with its own categories, policy and cut points', () => {
    const v = editableConfiguration(model, 'onboarding');
    expect(v.categories.map((c) => c.weight)).toEqual([80, 20]);
    expect(v.tiers.tiers.map((t) => t.min)).toEqual([80, 50, 0]);
    expect(v.tiers.tiers.map((t) => t.name)).toEqual(TRAFFIC_LIGHT.tiers.map((t) => t.name));
    expect(editableConfiguration(model, 'enterprise').missing).toBe('reweight');
    expect(editableConfiguration(model, 'default')).toBe(model);
  });
  it('writes a variant edit back into that variant only, keeping cut points only when they differ', () => {
    const edited = editableConfiguration(model, 'enterprise');
    const next = withEditedConfiguration(model, 'enterprise', {
      ...edited,
      categories: twoCategories(60, 40),
      tiers: { ...edited.tiers, tiers: edited.tiers.tiers.map((t, k) => ({ ...t, min: [75, 35, 0][k]! })) },
    });
    expect(next.categories).toBe(model.categories);
    expect(next.variants![0]).toBe(model.variants![0]);
    expect(next.variants![1]!.categories.map((c) => c.weight)).toEqual([60, 40]);
    expect(next.variants![1]!.cuts).toEqual([75, 35, 0]);
    const back = withEditedConfiguration(next, 'enterprise', {
      ...editableConfiguration(next, 'enterprise'),
      tiers: model.tiers,
    });
    expect(back.variants![1]!.cuts).toBeUndefined();
    expect(ModelConfigSchema.safeParse(back).success).toBe(true);
  });
  it("passes tier names and colours edited in a variant to the default (one vocabulary), keeping each one's cut points", () => {
    const view = editableConfiguration(model, 'onboarding');
    const renamed = {
      ...view.tiers,
      tiers: view.tiers.tiers.map((t, k) => (k === 0 ? { ...t, name: 'Thriving', color: '#00aa00' } : t)),
    };
    const next = withEditedConfiguration(model, 'onboarding', { ...view, tiers: renamed });
    expect(next.tiers.tiers[0]).toMatchObject({ name: 'Thriving', color: '#00aa00', min: 70 });
    expect(next.variants![0]!.cuts).toEqual([80, 50, 0]);
    expect(resolveConfigurations(next)[0]!.tiers.tiers[0]).toMatchObject({ name: 'Thriving', min: 80 });
  });
  it("drops the variants' own cut points when the default changes the number of tiers", () => {
    const four = {
      ...model.tiers,
      tiers: [
        ...model.tiers.tiers.slice(0, 2),
        { ...model.tiers.tiers[2]!, min: 20 },
        { id: 'black', name: 'Black', color: '#000000', min: 0 },
      ],
    };
    const next = withEditedConfiguration(model, 'default', { ...model, tiers: four });
    expect(next.variants!.every((v) => v.cuts === undefined)).toBe(true);
    expect(ModelConfigSchema.safeParse(next).success).toBe(true);
  });
});

/** n accounts over p month-ends, rows ordered by month; raw values 0..100 so scores are hand-computable. */
function randomFrame(seed: number, n: number, p: number) {
  const rnd = mulberry32(seed);
  const rows: { logins_trend: number; csat_last5?: number }[] = [];
  const account: number[] = [],
    period: number[] = [],
    segment: number[] = [],
    plan: number[] = [],
    arr: number[] = [],
    age: number[] = [],
    churn: number[] = [];
  const accSeg = Array.from({ length: n }, () => (rnd() < 0.4 ? 0 : 1));
  const accPlan = Array.from({ length: n }, () => (rnd() < 0.5 ? 0 : 1));
  const accArr = Array.from({ length: n }, () => (rnd() < 0.1 ? Number.NaN : Math.round(rnd() * 100_000)));
  const accAge = Array.from({ length: n }, () => (rnd() < 0.1 ? -1 : Math.floor(rnd() * 90)));
  for (let m = 0; m < p; m++) {
    for (let a = 0; a < n; a++) {
      const r: { logins_trend: number; csat_last5?: number } = { logins_trend: Math.floor(rnd() * 101) };
      if (rnd() < 0.85) r.csat_last5 = Math.floor(rnd() * 101);
      rows.push(r);
      account.push(a);
      period.push(m);
      segment.push(accSeg[a]!);
      plan.push(accPlan[a]!);
      arr.push(accArr[a]!);
      age.push(accAge[a]! < 0 ? AGE_UNKNOWN : accAge[a]! + 30 * m);
      churn.push(rnd() < 0.3 ? Math.floor(rnd() * 200) : Number.NaN);
    }
  }
  const months = Array.from({ length: p }, (_, m) => `2025-${String(m + 1).padStart(2, '0')}-28`);
  const frame = frameOf(
    rows,
    {
      account: Int32Array.from(account),
      period: Uint16Array.from(period),
      segment: Uint8Array.from(segment),
      plan: Uint8Array.from(plan),
      arr: Float32Array.from(arr),
      ageDays: Uint16Array.from(age),
      daysToChurn: Float32Array.from(churn),
      observedDays: new Float32Array(rows.length).fill(400),
    },
    ['Enterprise', 'SMB'],
    months,
  );
  frame.meta.plans = ['Starter', 'Pro'];
  return frame;
}

describe('a backtest over several configurations', () => {
  const frame = randomFrame(11, 300, 8);
  const config = withVariants(simpleConfig(50, 50), [ONBOARDING, ENTERPRISE]);
  const settings = { ...DEFAULT_BACKTEST, atRiskTiers: ['red'], windowMonths: 12, horizonDays: 90, minChurners: 1 };
  const asOf = frame.meta.periods.at(-1)!;

  /** The same backtest computed row by row: rules, weights, policies and cut points written out by hand. */
  function byHand(cfg: ModelConfig) {
    const cuts = {
      onboarding: [80, 50, 0],
      enterprise: cfg.tiers.tiers.map((t) => t.min),
      default: cfg.tiers.tiers.map((t) => t.min),
    };
    const tier = new Int8Array(frame.n);
    const label = new Int8Array(frame.n);
    const tiers = [0, 1, 2].map(() => ({ count: 0, churned: 0 }));
    const perConfig: Record<string, { tp: number; fp: number; fn: number; tn: number; accounts: number }> = {};
    const confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
    const portfolio = [0, 0, 0];
    for (let i = 0; i < frame.n; i++) {
      const age = frame.ageDays[i]!;
      const a = frame.values.logins_trend[i]!,
        b = frame.values.csat_last5[i]!;
      let id: 'onboarding' | 'enterprise' | 'default', s: number;
      if (age !== AGE_UNKNOWN && age < 60) {
        id = 'onboarding';
        s = (80 * a + 20 * (Number.isNaN(b) ? 50 : b)) / 100;
      } else if (frame.segment[i] === 0) {
        id = 'enterprise';
        s = Number.isNaN(b) ? a : (30 * a + 70 * b) / 100;
      } else {
        id = 'default';
        s = (50 * a + 50 * (Number.isNaN(b) ? 50 : b)) / 100;
      }
      const c = cuts[id];
      const t = s >= c[0]! ? 0 : s >= c[1]! ? 1 : 2;
      tier[i] = t;
      const y = frame.daysToChurn[i]! <= 90 ? 1 : 0;
      label[i] = y;
      if (frame.period[i] === frame.meta.periods.length - 1) portfolio[t]!++;
      perConfig[id] ??= { tp: 0, fp: 0, fn: 0, tn: 0, accounts: 0 };
      // Every month-end is observed for 400 days: all are evaluated.
      tiers[t]!.count++;
      tiers[t]!.churned += y;
      const k = t === 2 ? (y ? 'tp' : 'fp') : y ? 'fn' : 'tn';
      confusion[k]++;
      perConfig[id]![k]++;
    }
    return { tier, label, tiers, confusion, perConfig, portfolio };
  }

  it("scores each snapshot with its own configuration's weights and policy", () => {
    const fs = scoreFrame(frame, config);
    for (let i = 0; i < frame.n; i++) {
      const a = frame.values.logins_trend[i]!,
        b = frame.values.csat_last5[i]!;
      const young = frame.ageDays[i] !== AGE_UNKNOWN && frame.ageDays[i]! < 60;
      const want = young
        ? (80 * a + 20 * (Number.isNaN(b) ? 50 : b)) / 100
        : frame.segment[i] === 0
          ? Number.isNaN(b)
            ? a
            : (30 * a + 70 * b) / 100
          : (50 * a + 50 * (Number.isNaN(b) ? 50 : b)) / 100;
      expect(fs.scores[i]).toBeCloseTo(want, 4);
    }
  });

  it('counts tiers, confusion, per-configuration accuracy, the portfolio and alerts exactly as row by row', () => {
    const hand = byHand(config);
    const r = new BacktestPipeline(frame).run({ config, backtest: settings, asOf });
    expect(r.backtest.evaluated).toBe(frame.n);
    expect(r.backtest.tiers.map((t) => [t.count, t.churned])).toEqual(hand.tiers.map((t) => [t.count, t.churned]));
    const m = r.backtest.overall.confusion;
    expect([m.tp, m.fp, m.fn, m.tn]).toEqual([
      hand.confusion.tp,
      hand.confusion.fp,
      hand.confusion.fn,
      hand.confusion.tn,
    ]);
    expect(r.portfolio.tierCounts.map((t) => t.count)).toEqual(hand.portfolio);
    for (const c of r.configurations) {
      const h = hand.perConfig[c.id]!;
      expect([c.metrics.confusion.tp, c.metrics.confusion.fp, c.metrics.confusion.fn, c.metrics.confusion.tn]).toEqual([
        h.tp,
        h.fp,
        h.fn,
        h.tn,
      ]);
    }
    expect(r.configurations.map((c) => c.id)).toEqual(['onboarding', 'enterprise', 'default']);
    expect(r.configurations.reduce((s, c) => s + c.accounts, 0)).toBe(r.portfolio.accounts);
    const { prev, next } = neighbourRows(frame);
    expect(r.backtest.alerts).toEqual(alertBacktest(TRAFFIC_LIGHT, hand.tier, hand.label, prev, next));
    // The per-segment breakdown adds up to the overall numbers.
    const seg = r.backtest.breakdowns.find((d) => d.dimension === 'segment')!;
    expect(seg.groups.reduce((s, g) => s + g.metrics.confusion.tp, 0)).toBe(hand.confusion.tp);
  });

  it('follows a cut-point move in one configuration and a weight move in another, incrementally', () => {
    const pipeline = new BacktestPipeline(frame);
    pipeline.run({ config, backtest: settings, asOf });
    const moved = withEditedConfiguration(config, 'enterprise', {
      ...editableConfiguration(config, 'enterprise'),
      categories: twoCategories(10, 90),
    });
    const fresh = new BacktestPipeline(frame).run({ config: moved, backtest: settings, asOf });
    expect(pipeline.run({ config: moved, backtest: settings, asOf })).toEqual(fresh);
    const cut = withEditedConfiguration(moved, 'onboarding', {
      ...editableConfiguration(moved, 'onboarding'),
      tiers: { ...TRAFFIC_LIGHT, tiers: TRAFFIC_LIGHT.tiers.map((t, k) => ({ ...t, min: [90, 30, 0][k]! })) },
    });
    expect(pipeline.run({ config: cut, backtest: settings, asOf })).toEqual(
      new BacktestPipeline(frame).run({ config: cut, backtest: settings, asOf }),
    );
  });

  it('gives the same numbers as a single model when the only variant copies the default', () => {
    const copy = withVariants(simpleConfig(50, 50), [
      { id: 'smb', name: 'SMB', when: { segments: ['SMB'] }, categories: twoCategories(50, 50) },
    ]);
    const a = new BacktestPipeline(frame).run({ config: copy, backtest: settings, asOf });
    const b = new BacktestPipeline(frame).run({ config: simpleConfig(50, 50), backtest: settings, asOf });
    expect(sameAcrossConfigurations(a.backtest)).toEqual(sameAcrossConfigurations(b.backtest));
    expect(a.portfolio).toEqual(b.portfolio);
  });

  it('gives the same numbers on the slider fast path (one configuration) as on the general path, under every filling policy and weight move', () => {
    const pipeline = new BacktestPipeline(frame);
    for (const missing of ['neutral', 'penalise'] as const) {
      for (const [wA, wB] of [
        [50, 50],
        [73, 27],
        [0, 100],
      ] as const) {
        const single = { ...simpleConfig(wA, wB), missing };
        const copy = withVariants(single, [
          { id: 'smb', name: 'SMB', when: { segments: ['SMB'] }, categories: twoCategories(wA, wB) },
        ]);
        for (const at of [asOf, frame.meta.periods[2]!]) {
          const fast = pipeline.run({ config: single, backtest: settings, asOf: at });
          const general = new BacktestPipeline(frame).run({ config: copy, backtest: settings, asOf: at });
          expect(sameAcrossConfigurations(fast.backtest)).toEqual(sameAcrossConfigurations(general.backtest));
          expect(fast.portfolio).toEqual(general.portfolio);
        }
      }
    }
  });

  it("gives the general path's numbers on the fast path also when the groups have too many combinations for one joint histogram", () => {
    const many = randomFrame(12, 300, 8);
    const rnd = mulberry32(5);
    // 2 segments × 5 plans × 250 regions × 2 lifecycles = 5,000 combinations (above the joint histogram's 2,048).
    many.meta.plans = Array.from({ length: 5 }, (_, i) => `Plan ${i}`);
    many.meta.regions = Array.from({ length: 250 }, (_, i) => `Region ${i}`);
    for (let i = 0; i < many.n; i++) {
      many.plan[i] = Math.floor(rnd() * 5);
      many.region[i] = Math.floor(rnd() * 250);
    }
    const at = many.meta.periods.at(-1)!;
    const pipeline = new BacktestPipeline(many);
    for (const [wA, wB] of [
      [50, 50],
      [73, 27],
    ] as const) {
      const single = simpleConfig(wA, wB);
      const copy = withVariants(single, [
        { id: 'smb', name: 'SMB', when: { segments: ['SMB'] }, categories: twoCategories(wA, wB) },
      ]);
      const fast = pipeline.run({ config: single, backtest: settings, asOf: at });
      const general = new BacktestPipeline(many).run({ config: copy, backtest: settings, asOf: at });
      expect(sameAcrossConfigurations(fast.backtest)).toEqual(sameAcrossConfigurations(general.backtest));
      expect(fast.backtest.breakdowns.find((b) => b.dimension === 'region')!.groups.length).toBe(250);
    }
  });

  it("answers a weight move provisionally: current tier statistics, the previous ranking's curves, until the ranking is redone", () => {
    const pipeline = new BacktestPipeline(frame);
    const a = simpleConfig(50, 50);
    const b = simpleConfig(80, 20);
    expect(pipeline.runProvisional({ config: a, backtest: settings, asOf })).toBeNull(); // nothing ranked yet
    const first = pipeline.run({ config: a, backtest: settings, asOf });
    expect(pipeline.runProvisional({ config: a, backtest: settings, asOf })).toBeNull(); // already current
    const provisional = pipeline.runProvisional({ config: b, backtest: settings, asOf })!;
    const final = new BacktestPipeline(frame).run({ config: b, backtest: settings, asOf });
    expect(provisional.backtest.tiers).toEqual(final.backtest.tiers);
    expect(provisional.backtest.overall).toEqual(final.backtest.overall);
    expect(provisional.portfolio).toEqual(final.portfolio);
    expect(provisional.backtest.auc).toBe(first.backtest.auc);
    expect(provisional.backtest.auc).not.toBe(final.backtest.auc);
    expect(pipeline.run({ config: b, backtest: settings, asOf })).toEqual(final);
    // Another horizon evaluates other snapshots: no stale ranking is reused.
    expect(pipeline.runProvisional({ config: a, backtest: { ...settings, horizonDays: 30 }, asOf })).toBeNull();
  });

  it('leaves the alert backtest out when not asked for, and only it', () => {
    const full = new BacktestPipeline(frame).run({ config, backtest: settings, asOf });
    const lean = new BacktestPipeline(frame).run({ config, backtest: settings, asOf, alerts: false });
    expect(lean.backtest.alerts).toBeNull();
    expect({ ...lean.backtest, alerts: full.backtest.alerts }).toEqual(full.backtest);
  });

  it("places a tier override mid-tier under the cut points of the account's configuration", () => {
    const f = frameOf([{ logins_trend: 10 }, { logins_trend: 10 }], {
      ageDays: Uint16Array.from([5, 500]),
      overrideIdx: Int32Array.from([0, 0]),
      overrides: [
        {
          accountId: 'A0',
          createdAt: '2025-01-01',
          tier: 'Green',
          score: null,
          reason: 'exec sponsor',
          author: null,
          expiresAt: null,
        },
      ],
    });
    const fs = scoreFrame(f, withVariants(simpleConfig(50, 50), [ONBOARDING]));
    const out = applyOverrides(
      f,
      fs.configurations.map((c) => c.tiers),
      fs.scores,
      fs.assigned,
    );
    expect(Array.from(out)).toEqual([90, 85]); // Green is 80–100 for onboarding, 70–100 by default
  });

  it('explains each account with its own configuration, contributions adding up to its score', () => {
    const res = listAccounts(frame, {
      config,
      backtest: settings,
      asOf,
      sort: 'score-asc',
      tierId: null,
      search: '',
      offset: 0,
      limit: 500,
    });
    expect(new Set(res.rows.map((r) => r.configuration.id))).toEqual(new Set(['enterprise', 'default']));
    for (const row of res.rows) {
      const weights = row.categories.map((c) => c.weight);
      expect(weights).toEqual(row.configuration.id === 'enterprise' ? [30, 70] : [50, 50]);
      expect(row.categories.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(row.score!, 4);
    }
  });
});
