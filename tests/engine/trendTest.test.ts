/**
 * The account-aware trend test against an independent numpy/pandas/scipy
 * computation (tests/reference/trend_reference.py): the classical z there is
 * √N times the Pearson correlation of tier and outcome, the design effect
 * comes from per-account sums grouped by pandas.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/core/random/mulberry32.js';
import { clusteredCochranArmitage, cochranArmitage } from '../../engine/core/verdict/trendTest.js';

interface Case {
  group: number[];
  event: number[];
  cluster: number[];
}
interface Reference {
  snapshots: number;
  accounts: number;
  classicalZ: number;
  designEffect: number;
  z: number;
  pValue: number;
  clusterRobustScoreZ: number;
}

function reference(cases: Case[]): (Reference | null)[] {
  return JSON.parse(
    execFileSync('/usr/bin/python3', [join(import.meta.dirname, '..', 'reference', 'trend_reference.py')], {
      input: JSON.stringify(cases),
      encoding: 'utf8',
    }),
  ) as (Reference | null)[];
}

const test = (c: Case, groups = 3) =>
  clusteredCochranArmitage({ ...c, groups, clusters: Math.max(0, ...c.cluster) + 1 });

/** One snapshot per account: counts[i] accounts in tier i, the first events[i] of them churned. */
function independent(counts: number[], events: number[]): Case {
  const c: Case = { group: [], event: [], cluster: [] };
  counts.forEach((n, g) => {
    for (let k = 0; k < n; k++) {
      c.group.push(g);
      c.event.push(k < events[g]! ? 1 : 0);
      c.cluster.push(c.cluster.length);
    }
  });
  return c;
}

/** Every snapshot of `c` repeated `times` times for the same account, as months in which nothing changed. */
function repeated(c: Case, times: number): Case {
  const r: Case = { group: [], event: [], cluster: [] };
  for (let m = 0; m < times; m++) {
    r.group.push(...c.group);
    r.event.push(...c.event);
    r.cluster.push(...c.cluster);
  }
  return r;
}

/**
 * A monthly panel like the pipeline's selection: 500 accounts, 1–12 month-ends
 * each, health drifting month to month, tiers cut from it; a churner's last
 * three month-ends (within a 90-day horizon) are labelled churned. With
 * `trend`, low health makes churn likelier; without, each account keeps one
 * tier throughout and churns at the same rate whatever it is (no trend, by
 * construction, however many months an account has).
 */
function panel(seed: number, trend: boolean): Case {
  const rand = mulberry32(seed);
  const c: Case = { group: [], event: [], cluster: [] };
  for (let a = 0; a < 500; a++) {
    const months = 1 + Math.floor(rand() * 12);
    let health = 30 + rand() * 60;
    const tiers: number[] = [];
    for (let m = 0; m < months; m++) {
      health = Math.min(100, Math.max(0, health + (rand() - 0.55) * 12));
      tiers.push(!trend && m > 0 ? tiers[0]! : health >= 70 ? 0 : health >= 40 ? 1 : 2);
    }
    const risk = trend ? [0.05, 0.2, 0.5][tiers[months - 1]!]! : 0.2;
    const churns = rand() < risk;
    tiers.forEach((t, m) => {
      c.group.push(t);
      c.event.push(churns && m >= months - 3 ? 1 : 0);
      c.cluster.push(a);
    });
  }
  return c;
}

describe('the account-aware trend test', () => {
  const agresti = independent([17114, 14502, 793, 127, 38], [48, 38, 5, 1, 1]);
  const cases: Case[] = [
    agresti,
    independent([400, 300, 100], [8, 21, 19]),
    repeated(independent([400, 300, 100], [8, 21, 19]), 6),
    panel(11, true),
    panel(12, false),
    independent([300, 300, 300], [30, 30, 30]),
  ];
  const refs = reference(cases);
  const groupsOf = [5, 3, 3, 3, 3, 3];

  it('matches numpy/pandas/scipy on independent, repeated, panel and flat data', () => {
    cases.forEach((c, i) => {
      const mine = test(c, groupsOf[i])!;
      const ref = refs[i]!;
      expect(mine.observations).toBe(ref.snapshots);
      expect(mine.clusters).toBe(ref.accounts);
      expect(mine.snapshotZ).toBeCloseTo(ref.classicalZ, 9);
      expect(mine.designEffect).toBeCloseTo(ref.designEffect, 9);
      expect(mine.z).toBeCloseTo(ref.z, 9);
      // normalUpperTail matches scipy's norm.sf to 1e-7.
      expect(mine.pValue).toBeCloseTo(ref.pValue, 7);
    });
  });

  it('with one snapshot per account, is the classical test (Agresti §3.4.6 on positions 0–4)', () => {
    const mine = test(agresti, 5)!;
    const classical = cochranArmitage([17114, 14502, 793, 127, 38], [48, 38, 5, 1, 1])!;
    expect(mine.designEffect).toBe(1);
    expect(mine.z).toBeCloseTo(classical.z, 12);
    expect(mine.pValue).toBeCloseTo(classical.pValue, 12);
  });

  it('an account repeated in 6 month-ends counts once: the p-value does not shrink as the naive one does', () => {
    const once = test(cases[1]!)!;
    const six = test(cases[2]!)!;
    // The snapshot-level test sees six times the accounts: z grows by √6.
    expect(six.snapshotZ).toBeCloseTo(once.snapshotZ * Math.sqrt(6), 9);
    expect(six.designEffect).toBeCloseTo(4799 / 799, 6);
    // Only the small-sample factor N/(N − 1) differs: 800 accounts either way.
    expect(six.z).toBeCloseTo(once.z, 2);
    expect(six.pValue).toBeGreaterThan(once.pValue * 0.999);
    expect(six.clusters).toBe(800);
    const naive = cochranArmitage([2400, 1800, 600], [48, 126, 114])!;
    expect(naive.pValue).toBeLessThan(six.pValue / 1e6);
  });

  it('on a monthly panel, widens the naive test; a flat panel is no trend either way', () => {
    const rising = test(cases[3]!)!;
    expect(rising.designEffect).toBeGreaterThan(2);
    expect(rising.z).toBeLessThan(rising.snapshotZ);
    expect(rising.pValue).toBeLessThan(0.05);
    // The plain cluster-robust score z agrees closely when the variances are steady.
    expect(Math.abs(rising.z - refs[3]!.clusterRobustScoreZ)).toBeLessThan(0.15 * rising.z);
    const even = test(cases[5]!)!;
    expect(even.z).toBeCloseTo(0, 12);
    expect(even.pValue).toBeCloseTo(0.5, 7);
  });

  it('with no trend, wrongly finds one about 5 % of the time, where the snapshot-level test does so about 3 times as often', () => {
    let clustered = 0,
      naive = 0;
    const runs = 400;
    for (let seed = 1; seed <= runs; seed++) {
      const t = test(panel(1000 + seed, false))!;
      if (t.pValue < 0.05) clustered++;
      if (t.snapshotZ > 1.6448536) naive++;
    }
    // Binomial(400, 0.05): 20 ± 4.4.
    expect(clustered).toBeGreaterThanOrEqual(8);
    expect(clustered).toBeLessThanOrEqual(32);
    expect(naive).toBeGreaterThan(40);
  });

  it('is undefined with no churner, only churners, one tier, or one account', () => {
    const none = independent([50, 50, 50], [0, 0, 0]);
    const all = independent([50, 50, 50], [50, 50, 50]);
    const oneTier = independent([0, 80, 0], [0, 9, 0]);
    const oneAccount: Case = { group: [0, 1, 2, 2], event: [0, 0, 1, 1], cluster: [0, 0, 0, 0] };
    for (const c of [none, all, oneTier, oneAccount]) expect(test(c)).toBeNull();
    expect(reference([none, all, oneTier, oneAccount])).toEqual([null, null, null, null]);
    expect(test({ group: [], event: [], cluster: [] })).toBeNull();
  });

  it('leaves out unscored snapshots (tier -1) and gives empty tiers no position', () => {
    const c = independent([100, 0, 100], [5, 0, 20]);
    const withUnscored: Case = {
      group: [...c.group, -1, -1],
      event: [...c.event, 1, 1],
      cluster: [...c.cluster, 0, 1],
    };
    const a = test(withUnscored)!;
    const b = cochranArmitage([100, 100], [5, 20])!;
    expect(a.observations).toBe(200);
    expect(a.z).toBeCloseTo(b.z, 12);
  });
});
