/**
 * The intervals of every headline metric against an independent numpy
 * computation (tests/fixtures/bootstrap-reference.json, made by
 * tests/reference/bootstrap_reference.py) on a fixed portfolio with ties,
 * unknown ARR and a segment with too few churners, using the same 2,000
 * resamples: both sides draw with the same seeded generator over the
 * accounts sorted by id, so the endpoints agree to rounding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accountUniverse,
  BootstrapRun,
  percentileInterval,
  type BootstrapInput,
} from '../../engine/core/backtest/bootstrap.js';
import { rankByScore } from '../../engine/core/backtest/ranking.js';

interface Rows {
  account: number[];
  score: number[];
  label: number[];
  predicted: number[];
  tier: number[];
  arr: (number | null)[];
  segment: number[];
}
type Interval = [number, number] | null;
const ref = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'bootstrap-reference.json'), 'utf8'),
) as {
  replicates: number;
  seed: number;
  minChurners: number;
  a: Rows;
  b: Rows;
  segmentChurners: number[];
  intervals: Record<string, Interval>;
  pairedAucDifference: { diff: number; interval: Interval; universe: number; firstDraw: Record<string, number> };
};

/** Python's tier 0 is the healthiest (score ≥ 70), as the engine lists tiers. */
const TIER_IDS = ['green', 'yellow', 'red'];

function inputOf(rows: Rows): BootstrapInput {
  const scores = Float32Array.from(rows.score);
  const labels = Uint8Array.from(rows.label);
  const segment = Uint8Array.from(rows.segment);
  const churners = [0, 1].map((g) => rows.label.filter((y, i) => y === 1 && rows.segment[i] === g).length);
  return {
    scores,
    labels,
    predicted: Uint8Array.from(rows.predicted),
    account: Int32Array.from(rows.account),
    order: rankByScore(scores),
    arr: Float32Array.from(rows.arr, (x) => x ?? Number.NaN),
    tiers: { index: Uint8Array.from(rows.tier), ids: TIER_IDS },
    groups: [
      {
        dimension: 'segment',
        labels: ['S0', 'S1'],
        codes: segment,
        judged: churners.map((c) => c >= ref.minChurners),
      },
    ],
  };
}

function expectInterval(actual: Interval | undefined, expected: Interval, what: string) {
  if (expected === null) {
    expect(actual ?? null, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(actual![0], `${what} lower end`).toBeCloseTo(expected[0], 9);
  expect(actual![1], `${what} upper end`).toBeCloseTo(expected[1], 9);
}

// Each test runs its own bootstrap rather than the describe block: mutation testing switches a mutant on per
// test, so work done while the tests are collected would escape it.
function resultA() {
  const run = new BootstrapRun(inputOf(ref.a), ref.replicates, ref.seed);
  run.step(ref.replicates);
  return run.result();
}

describe('intervals of every headline metric match an independent numpy bootstrap with the same resamples', () => {
  it.each(['precision', 'recall', 'f1', 'auc', 'averagePrecision', 'lift', 'arrCaptured', 'topDecileLift'] as const)(
    '%s',
    (metric) => expectInterval(resultA()[metric], ref.intervals[metric]!, metric),
  );
  it('churn rate per tier, healthiest first', () => {
    const r = resultA();
    expect(r.tiers!.map((t) => t.tierId)).toEqual(TIER_IDS);
    r.tiers!.forEach((t, k) => expectInterval(t.churnRate, ref.intervals[`tier${k}`]!, t.tierId));
  });
  it('precision, recall and F1 per segment, none for a segment with too few churners', () => {
    const r = resultA();
    expect(ref.segmentChurners[0]).toBeLessThan(ref.minChurners); // the fixture holds both cases
    expect(ref.segmentChurners[1]).toBeGreaterThanOrEqual(ref.minChurners);
    const groups = r.breakdowns![0]!.groups;
    for (const [g, label] of ['S0', 'S1'].entries()) {
      for (const m of ['precision', 'recall', 'f1'] as const)
        expectInterval(groups[g]![m], ref.intervals[`segment${g}.${m}`]!, `${label} ${m}`);
    }
  });
  it('gives no churned-ARR interval when no ARR is known', () => {
    const { arr: _, ...noArr } = inputOf(ref.a);
    const run2 = new BootstrapRun(noArr, 200, ref.seed);
    run2.step(200);
    expect(run2.result().arrCaptured).toBeNull();
  });
});

describe('paired by account id across scenarios that score different snapshots', () => {
  const a = inputOf(ref.a);
  const b = inputOf(ref.b);
  /** Both scenarios drawn over the union of their accounts, stepped `steps` replicates. */
  function paired(steps: number) {
    const universe = accountUniverse(a.account, b.account);
    const runA = new BootstrapRun(a, ref.replicates, ref.seed, universe);
    const runB = new BootstrapRun(b, ref.replicates, ref.seed, universe);
    runA.step(steps);
    runB.step(steps);
    return { universe, runA, runB };
  }

  it('gives each account the same weight in both, the weight the reference drew', () => {
    expect(new Set(ref.b.account).size).toBeLessThan(new Set(ref.a.account).size); // B lost whole accounts
    const { universe, runA, runB } = paired(1);
    expect(universe.length).toBe(ref.pairedAucDifference.universe);
    for (const [id, weight] of Object.entries(ref.pairedAucDifference.firstDraw)) {
      expect(runA.weightOf(Number(id)), `account ${id} in A`).toBe(weight);
      expect(runB.weightOf(Number(id)), `account ${id} in B`).toBe(weight);
    }
  });

  const diffInterval = (x: BootstrapRun, y: BootstrapRun) =>
    percentileInterval(
      y.replicateSeries.auc.map((v, k) => v - x.replicateSeries.auc[k]!),
      ref.replicates,
    )!;

  it('has the AUC-difference interval of the correctly paired reference', () => {
    const { runA, runB } = paired(ref.replicates);
    expectInterval(diffInterval(runA, runB), ref.pairedAucDifference.interval, 'AUC difference');
  });

  it('is narrower than drawing each scenario over its own accounts (the unpaired interval the old numbering gave)', () => {
    const ownA = new BootstrapRun(a, ref.replicates, ref.seed);
    const ownB = new BootstrapRun(b, ref.replicates, ref.seed);
    ownA.step(ref.replicates);
    ownB.step(ref.replicates);
    const width = (ci: [number, number]) => ci[1] - ci[0];
    const pairedWidth = width(ref.pairedAucDifference.interval!);
    expect(width(diffInterval(ownA, ownB)) / pairedWidth).toBeGreaterThan(1.2);
  });
});
