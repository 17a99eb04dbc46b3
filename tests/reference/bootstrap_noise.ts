/**
 * How much the bootstrap's endpoints move from seed to seed (Monte-Carlo
 * error), and what a run costs: the measurement behind DEFAULT_REPLICATES.
 *
 *   npx tsx tests/reference/bootstrap_noise.ts [accounts=1000] [months=12] [replicates=200,2000] [seeds=12]
 *
 * A simulated portfolio: each account has a latent risk, monthly scores
 * around it, churns in its last three months with a logistic probability.
 */
import { BootstrapRun } from '../../engine/core/backtest/bootstrap.js';
import { rankByScore } from '../../engine/core/backtest/ranking.js';
import { mulberry32 } from '../../engine/core/random/mulberry32.js';
const accounts = Number(process.argv[2] ?? 1000),
  months = Number(process.argv[3] ?? 12);
const rand = mulberry32(3);
const n = accounts * months;
const scores = new Float32Array(n),
  labels = new Uint8Array(n),
  predicted = new Uint8Array(n),
  account = new Int32Array(n),
  arr = new Float32Array(n),
  tier = new Uint8Array(n);
for (let a = 0; a < accounts; a++) {
  const base = rand() * 100;
  const churner = rand() < 0.4 / (1 + Math.exp((base - 35) / 10));
  const arrA = 5000 + rand() * 50000;
  for (let m = 0; m < months; m++) {
    const i = a * months + m;
    account[i] = a;
    scores[i] = Math.round(Math.max(0, Math.min(100, base + (rand() - 0.5) * 20)));
    labels[i] = churner && m >= months - 3 ? 1 : 0;
    predicted[i] = scores[i]! < 40 ? 1 : 0;
    tier[i] = scores[i]! < 40 ? 2 : scores[i]! < 70 ? 1 : 0;
    arr[i] = arrA;
  }
}
const groups = (['segment', 'plan', 'region', 'lifecycle'] as const).map((dimension, d) => ({
  dimension,
  labels: ['a', 'b', 'c'],
  codes: Uint8Array.from(account, (a) => (a * (d + 1)) % 3),
  judged: [true, true, true],
}));
const input = {
  scores,
  labels,
  predicted,
  account,
  order: rankByScore(scores),
  arr,
  tiers: { index: tier, ids: ['g', 'y', 'r'] },
  groups,
};
const metrics = ['precision', 'recall', 'f1', 'auc', 'averagePrecision', 'lift', 'arrCaptured'] as const;
for (const R of (process.argv[4] ?? '200,2000').split(',').map(Number)) {
  const seeds = Number(process.argv[5] ?? 12);
  const ends: Record<string, number[][]> = {};
  const t0 = performance.now();
  for (let s = 0; s < seeds; s++) {
    const run = new BootstrapRun(input, R, 1000 + s);
    run.step(R);
    const r = run.result();
    for (const m of metrics) {
      ends[m] ??= [[], []];
      ends[m]![0]!.push(r[m]?.[0] ?? NaN);
      ends[m]![1]!.push(r[m]?.[1] ?? NaN);
    }
    r.tiers!.forEach((t, k) => {
      ends['tier' + k] ??= [[], []];
      ends['tier' + k]![0]!.push(t.churnRate?.[0] ?? NaN);
      ends['tier' + k]![1]!.push(t.churnRate?.[1] ?? NaN);
    });
  }
  const ms = (performance.now() - t0) / seeds;
  const sd = (x: number[]) => {
    const mu = x.reduce((a, b) => a + b) / x.length;
    return Math.sqrt(x.reduce((a, b) => a + (b - mu) ** 2, 0) / (x.length - 1));
  };
  const mean = (x: number[]) => x.reduce((a, b) => a + b) / x.length;
  const parts = Object.entries(ends).map(([m, [lo, hi]]) => {
    const w = mean(hi!) - mean(lo!);
    return `${m} ${((100 * sd(lo!)) / w).toFixed(1)}/${((100 * sd(hi!)) / w).toFixed(1)}%`;
  });
  console.log(
    `R=${R} rows=${n} ${ms.toFixed(0)} ms/run; endpoint SD across ${seeds} seeds as % of width (lo/hi): ${parts.join(', ')}`,
  );
}
