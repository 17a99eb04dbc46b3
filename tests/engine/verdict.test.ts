import { describe, expect, it } from 'vitest';
import type { Finding } from '../../engine/core/api/schema.js';
import { erfc, normalUpperTail } from '../../engine/core/verdict/normal.js';
import { cochranArmitage } from '../../engine/core/verdict/trendTest.js';
import { verdictOf, type VerdictInput } from '../../engine/core/verdict/verdict.js';
import { perHundred, share, times } from '../../engine/core/verdict/words.js';
import { broken, healthy } from './verdictFixtures.js';

const of = (v: VerdictInput, id: string): Finding[] => verdictOf(v).findings.filter((f) => f.id === id);
const severities = (v: VerdictInput, id: string) => of(v, id).map((f) => f.severity);

describe('the normal upper tail', () => {
  it('matches scipy.stats.norm.sf to 1e-7', () => {
    // /usr/bin/python3 -c "from scipy.stats import norm; print(norm.sf(z))"
    const sf: [number, number][] = [
      [0, 0.5],
      [0.5, 0.3085375387259869],
      [1, 0.15865525393145707],
      [1.6448536, 0.05000000277965746],
      [2.563, 0.005188602425458031],
      [3.5, 0.00023262907903552502],
      [-1.2, 0.8849303297782918],
    ];
    for (const [z, p] of sf) expect(Math.abs(normalUpperTail(z) - p)).toBeLessThan(1e-7 * Math.max(1, p * 10));
    expect(erfc(0)).toBeCloseTo(1, 7);
  });
});

describe('the Cochran–Armitage trend test', () => {
  it("reproduces Agresti's malformation-by-alcohol example (z = 2.56, one-sided p = 0.0052)", () => {
    // Agresti, Categorical Data Analysis (2002), §3.4.6: M² = 6.57 with scores 0, 0.5, 1.5, 4, 7.
    const t = cochranArmitage([17114, 14502, 793, 127, 38], [48, 38, 5, 1, 1], [0, 0.5, 1.5, 4, 7])!;
    expect(t.z).toBeCloseTo(2.5632272518654204, 9);
    expect(t.pValue).toBeCloseTo(0.005185207286498717, 7);
  });
  it('equals an independent numpy/scipy computation on tier tables', () => {
    // numpy: T = Σt(r − n p̄), V = p̄(1 − p̄)(Σt²n − (Σtn)²/N), z = T/√V, p = norm.sf(z)
    const cases: [number[], number[], number, number][] = [
      [[4, 1000, 1000], [0, 255, 261], 0.46072892469458737, 0.3224965501314356],
      [[500, 500, 500], [25, 24, 26], 0.14509525002200233, 0.4423178342686807],
      [[500, 500, 500], [40, 25, 10], -4.35285750066007, 0.9999932812751179],
    ];
    for (const [n, r, z, p] of cases) {
      const t = cochranArmitage(n, r)!;
      expect(t.z).toBeCloseTo(z, 9);
      expect(t.pValue).toBeCloseTo(p, 7);
    }
  });
  it('is undefined with no churner, no stayer, or everyone in one tier', () => {
    expect(cochranArmitage([10, 10], [0, 0])).toBeNull();
    expect(cochranArmitage([10, 10], [10, 10])).toBeNull();
    expect(cochranArmitage([0, 40, 0], [0, 5, 0])).toBeNull();
    expect(cochranArmitage([], [])).toBeNull();
  });
});

describe('plain words', () => {
  it('rates per hundred, shares as "1 in 4", lift as "2.2×"', () => {
    expect(perHundred(0.0625)).toBe('6 of every 100');
    expect(perHundred(0.003)).toBe('fewer than 1 of every 100');
    expect(perHundred(0)).toBe('none');
    expect(share(0.25)).toBe('1 in 4');
    expect(share(0.021)).toBe('2 of every 100');
    expect(share(0.66)).toBe('7 in 10');
    expect(times(2.2372)).toBe('2.2×');
  });
});

describe('the verdict on a healthy backtest', () => {
  it('has nothing serious and says why the score holds up', () => {
    const v = verdictOf(healthy());
    expect(v.findings.filter((f) => f.severity !== 'good')).toEqual([]);
    expect(v.overall).toBe('good');
    expect(v.findings.map((f) => f.id)).toEqual(
      expect.arrayContaining(['auc', 'tier-trend', 'precision-vs-base', 'lead-time', 'at-risk-catches-few']),
    );
    for (const f of v.findings) expect(f.nextStep.length).toBeGreaterThan(10);
  });
});

describe('verdict rules, each firing on a case built to break it', () => {
  it('an AUC interval including 0.5 is "no better than chance" (serious)', () => {
    const v = broken((r) => {
      r.backtest.auc = 0.514;
      r.intervals!.auc = [0.487, 0.549];
    });
    const [f] = of(v, 'auc-chance');
    expect(f!.severity).toBe('serious');
    expect(f!.sentence).toContain('no better than chance');
    expect(f!.sentence).toContain('0.487–0.549');
    expect(f!.figures).toMatchObject({ auc: 0.514, ciLow: 0.487, ciHigh: 0.549 });
    expect(verdictOf(v).overall).toBe('serious');
    expect(of(healthy(), 'auc-chance')).toEqual([]);
  });
  it('an interval wholly below 0.5 says the score ranks backwards', () => {
    const v = broken((r) => {
      r.backtest.auc = 0.42;
      r.intervals!.auc = [0.4, 0.45];
    });
    expect(of(v, 'auc-chance')[0]!.sentence).toContain('ranks backwards');
  });
  it('without an interval, a point AUC near 0.5 is a caution, not good', () => {
    const v = broken((r) => {
      r.backtest.auc = 0.53;
      r.intervals = null;
    });
    expect(severities(v, 'auc-chance')).toEqual(['caution']);
    expect(
      severities(
        broken((r) => void (r.intervals = null)),
        'auc',
      ),
    ).toEqual(['good']);
  });
  it('tier churn rates 0 % (4) / 25.5 % / 26.1 % are not a trend, though they are in order (serious)', () => {
    const v = broken((r) => {
      r.backtest.tiers = [
        { tierId: 'green', count: 4, churned: 0, churnRate: 0 },
        { tierId: 'yellow', count: 1000, churned: 255, churnRate: 0.255 },
        { tierId: 'red', count: 1000, churned: 261, churnRate: 0.261 },
      ];
      // One snapshot per account: the classical test (numpy, as above).
      r.backtest.evidence!.tierTrend = {
        accounts: 2004,
        snapshots: 2004,
        snapshotZ: 0.46072892469458737,
        designEffect: 1,
        z: 0.46072892469458737,
        pValue: 0.3224965501314356,
      };
    });
    const [f] = of(v, 'tier-trend');
    expect(f!.severity).toBe('serious');
    expect(f!.figures.pValue).toBeCloseTo(0.3224965501314356, 7);
    expect(f!.sentence).toContain('does not clearly rise');
    expect(f!.sentence).toContain('(trend test p = 0.322 over 2,004 accounts)');
    expect(severities(healthy(), 'tier-trend')).toEqual(['good']);
  });
  it('a trend the snapshot-level test would call significant is not one once each account counts once (serious)', () => {
    const tiers = [
      { tierId: 'green', count: 3000, churned: 90, churnRate: 0.03 },
      { tierId: 'yellow', count: 1600, churned: 56, churnRate: 0.035 },
      { tierId: 'red', count: 400, churned: 24, churnRate: 0.06 },
    ];
    const snapshotLevel = cochranArmitage(
      tiers.map((t) => t.count),
      tiers.map((t) => t.churned),
    )!;
    expect(snapshotLevel.pValue).toBeLessThan(0.01); // numpy: z = 2.73, p = 0.0032
    const v = broken((r) => {
      r.backtest.tiers = tiers;
      // 500 accounts in ten month-ends each: z shrinks by √(design effect).
      const designEffect = 9.5;
      const z = snapshotLevel.z / Math.sqrt(designEffect);
      r.backtest.evidence!.tierTrend = {
        accounts: 500,
        snapshots: 5000,
        snapshotZ: snapshotLevel.z,
        designEffect,
        z,
        pValue: normalUpperTail(z),
      };
    });
    const [f] = of(v, 'tier-trend');
    expect(f!.severity).toBe('serious');
    expect(f!.figures).toMatchObject({ accounts: 500, snapshots: 5000, designEffect: 9.5 });
  });
  it('without the account-level evidence (a provisional result), the tier trend is not judged', () => {
    expect(
      of(
        broken((r) => void delete r.backtest.evidence),
        'tier-trend',
      ),
    ).toEqual([]);
    expect(
      of(
        broken((r) => void (r.backtest.evidence!.tierTrend = null)),
        'tier-trend',
      ),
    ).toEqual([]);
  });
  it('a significant trend with one tier out of order is a caution naming the two tiers', () => {
    const v = broken((r) => {
      r.backtest.tiers = [
        { tierId: 'green', count: 30_000, churned: 300, churnRate: 0.01 },
        { tierId: 'yellow', count: 16_000, churned: 150, churnRate: 150 / 16_000 },
        { tierId: 'red', count: 4_000, churned: 560, churnRate: 0.14 },
      ];
      // numpy: classical z 39.0 on this table, design effect 8.
      r.backtest.evidence!.tierTrend = {
        ...r.backtest.evidence!.tierTrend!,
        snapshotZ: 39.000566240128634,
        z: 13.788782429255045,
        pValue: 1.4887137809676255e-43,
      };
    });
    const [f] = of(v, 'tier-trend');
    expect(f!.severity).toBe('caution');
    expect(f!.nextStep).toContain('between Green and Yellow');
  });
  it('a tier of 4 accounts is "too few to judge"', () => {
    const v = broken((r) => {
      r.backtest.evidence!.tiers[0] = { tierId: 'green', accounts: 4, churnedAccounts: 0 };
    });
    const [f] = of(v, 'tier-too-small');
    expect(f!.severity).toBe('caution');
    expect(f!.sentence).toContain('Green held only 4 accounts');
    expect(of(healthy(), 'tier-too-small')).toEqual([]);
  });
  it('an at-risk tier with fewer than 10 churners cannot be judged on how it catches them', () => {
    const v = broken((r) => {
      r.backtest.evidence!.tiers[2] = { tierId: 'red', accounts: 300, churnedAccounts: 6 };
    });
    expect(of(v, 'tier-too-small')[0]!.sentence).toContain('Only 6 accounts that churned were ever Red');
  });
  it('a category with no data, and one with no variation, are named', () => {
    const v = broken((r) => {
      const cats = r.backtest.evidence!.categories;
      cats[3] = { ...cats[3]!, withData: 0, min: null, max: null };
      cats[1] = { ...cats[1]!, min: 100, max: 100 };
    });
    expect(of(v, 'category-no-data')[0]!.sentence).toContain('Engagement has no data');
    expect(of(v, 'category-no-variation')[0]!.sentence).toContain('Support scores every account 100');
    expect(of(healthy(), 'category-no-data')).toEqual([]);
    expect(of(healthy(), 'category-no-variation')).toEqual([]);
  });
  it('one tier holding more than 80 % of the book is a caution; exactly 80 % is not', () => {
    const at = (green: number) =>
      broken((r) => {
        r.portfolio.tierCounts = [
          { tierId: 'green', count: green },
          { tierId: 'yellow', count: 5000 - green - 100 },
          { tierId: 'red', count: 100 },
        ];
      });
    expect(of(at(4600), 'one-tier-dominant')[0]!.sentence).toContain('Green holds 92.0 % of accounts');
    expect(of(at(4000), 'one-tier-dominant')).toEqual([]);
  });
  it('Red holding 14 accounts and catching 2 of every 100 churners: the Red cut is too low (serious)', () => {
    const v = broken((r) => {
      r.portfolio.tierCounts = [
        { tierId: 'green', count: 2274 },
        { tierId: 'yellow', count: 1846 },
        { tierId: 'red', count: 14 },
      ];
      r.portfolio.accounts = 4134;
      r.backtest.evidence!.churnersFlagged = 8;
    });
    const [f] = of(v, 'at-risk-catches-few');
    expect(f!.severity).toBe('serious');
    expect(f!.sentence).toBe(
      'Red holds 14 accounts (0.3 %) and 2 of every 100 churners were Red beforehand: the Red cut is too low; see Suggestions.',
    );
    expect(severities(healthy(), 'at-risk-catches-few')).toEqual(['good']);
  });
  it('few churners warned early is a caution on lead time', () => {
    const v = broken((r) => {
      r.backtest.evidence!.leadTime = { fromDays: 60, toDays: 90, churners: 300, belowTopTier: 60 };
    });
    const [f] = of(v, 'lead-time');
    expect(f!.severity).toBe('caution');
    expect(f!.sentence).toContain('1 in 5 churners was already below Green 60–90 days');
    expect(severities(healthy(), 'lead-time')).toEqual(['good']);
  });
  it('precision at the base rate is serious, barely above it a caution', () => {
    const at = (tp: number, fp: number) =>
      broken((r) => {
        const n = r.backtest.overall.n,
          positives = r.backtest.overall.positives;
        r.backtest.overall = {
          ...r.backtest.overall,
          confusion: { tp, fp, fn: positives - tp, tn: n - positives - fp },
          precision: tp / (tp + fp),
          lift: tp / (tp + fp) / (positives / n),
        };
      });
    // Base rate 1,500 / 50,000 = 3 %.
    expect(severities(at(120, 3880), 'precision-vs-base')).toEqual(['serious']); // 3 %: lift 1.0
    expect(severities(at(140, 3860), 'precision-vs-base')).toEqual(['caution']); // 3.5 %: lift 1.17
    expect(of(healthy(), 'precision-vs-base')[0]!.sentence).toContain('4.7× as often');
  });
  it('evaluating on the months the weights were fitted on is serious', () => {
    const v = broken(() => {}, { fittedOn: { from: '2025-06-30', to: '2025-12-31', fitted: 'weights' } });
    const [f] = of(v, 'fitted-overlap');
    expect(f!.severity).toBe('serious');
    expect(f!.figures.overlapMonths).toBe(2);
    expect(f!.sentence).toBe(
      'The category weights were fitted on Jun–Dec 2025, which this evaluation overlaps (2 of its 3 month-ends): its numbers flatter them.',
    );
    expect(f!.nextStep).toMatch(/^Evaluate from Jan 2026: /);
    expect(
      of(
        broken(() => {}, { fittedOn: { from: '2024-01-31', to: '2025-10-31' } }),
        'fitted-overlap',
      ),
    ).toEqual([]);
  });
  it('a fitted scorecard overlapping the evaluation says all it fitted: bands, points, weights and cuts', () => {
    const v = broken(() => {}, { fittedOn: { from: '2025-01-31', to: '2025-11-30', fitted: 'scorecard' } });
    const [f] = of(v, 'fitted-overlap');
    expect(f!.sentence).toBe(
      "This scorecard's bands, points, weights and cuts were fitted on Jan–Nov 2025, which this evaluation overlaps (1 of its 3 month-ends): its numbers flatter it.",
    );
    expect(f!.nextStep).toMatch(/^Evaluate from Dec 2025: /);
    expect(f!.figures.fitted).toBe('scorecard');
    // A file from before the kind was recorded: only what is certain.
    const old = of(
      broken(() => {}, { fittedOn: { from: '2024-12-31', to: '2025-11-30' } }),
      'fitted-overlap',
    )[0]!;
    expect(old.sentence).toMatch(
      /^This configuration was fitted on Dec 2024 – Nov 2025, which this evaluation overlaps/,
    );
  });
  it('fewer than 100 churned accounts is a caution, fewer than 30 serious', () => {
    const at = (k: number) => broken((r) => void (r.backtest.evidence!.churnedAccounts = k));
    expect(severities(at(99), 'few-churners')).toEqual(['caution']);
    expect(severities(at(29), 'few-churners')).toEqual(['serious']);
    expect(severities(at(100), 'few-churners')).toEqual([]);
  });
  it('no churned account at all is serious and says to load the outcome export, not "only 0"', () => {
    const [f] = of(
      broken((r) => void (r.backtest.evidence!.churnedAccounts = 0)),
      'few-churners',
    );
    expect(f!.severity).toBe('serious');
    expect(f!.sentence).toBe(
      'No account churned in the evaluated months: there is nothing to judge the score against.',
    );
    expect(f!.nextStep).toMatch(/^Load the churn export/);
  });
  it("the backtest's stale-source warning becomes a caution with a next step", () => {
    const v = broken((r) => {
      r.backtest.warnings = [{ kind: 'stale-source', message: 'nps ends on 2025-06-30, 200 days before …' }];
    });
    expect(of(v, 'stale-source')[0]!.nextStep).toContain('Re-export');
  });
  it('serious findings come first and the headline counts them', () => {
    const v = verdictOf(
      broken(
        (r) => {
          r.backtest.auc = 0.514;
          r.intervals!.auc = [0.487, 0.549];
          r.backtest.evidence!.churnedAccounts = 80;
        },
        { fittedOn: { from: '2025-06-30', to: '2025-12-31' } },
      ),
    );
    expect(v.headline).toBe('Not ready to trust: 2 serious problems and 1 caution.');
    expect(v.findings.slice(0, 3).map((f) => f.severity)).toEqual(['serious', 'serious', 'caution']);
  });
});
