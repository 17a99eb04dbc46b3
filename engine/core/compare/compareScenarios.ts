/**
 * Scenarios side by side on the same snapshots: every metric with its
 * difference from the baseline, a paired bootstrap (the same account
 * resamples for both scenarios) to tell real differences from noise, and the
 * tier migration between the first two with the accounts that move and why.
 */
import type { BacktestSettings, Comparison, EvaluationResult, Mover, ScenarioInput } from '../api/schema.js';
import { percentileInterval } from '../backtest/bootstrap.js';
import { BacktestPipeline, type EvaluateParams } from '../backtest/pipeline.js';
import { configurationOf, scoreFrame } from '../scoring/score.js';
import { tierIndex } from '../scoring/tiers.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

const REPLICATES = 200;
const MAX_MOVERS = 500;

/** The design that makes scenarios comparable: snapshots and outcome come from the baseline. */
const SHARED: (keyof BacktestSettings)[] = ['cadence', 'outcome', 'horizonDays', 'windowMonths'];

export function compareScenarios(frame: SnapshotFrame, scenarios: ScenarioInput[], asOf: string): Comparison {
  const base = scenarios[0]!;
  const notes: string[] = [];
  const params: EvaluateParams[] = scenarios.map((s) => {
    const differs = SHARED.filter((k) => s.backtest[k] !== base.backtest[k]);
    if (differs.length)
      notes.push(`${s.name}: ${differs.join(', ')} taken from ${base.name} so both are judged on the same snapshots`);
    return {
      config: s.config,
      backtest: { ...s.backtest, ...Object.fromEntries(SHARED.map((k) => [k, base.backtest[k]])) },
      asOf,
    };
  });

  const results: EvaluationResult[] = [];
  const series: Record<'precision' | 'recall' | 'f1' | 'auc', readonly number[]>[] = [];
  for (const p of params) {
    const pipeline = new BacktestPipeline(frame);
    results.push(pipeline.run(p));
    const run = pipeline.bootstrap(p, REPLICATES);
    run.step(REPLICATES);
    series.push(run.replicateSeries);
  }

  const pick = (
    r: EvaluationResult,
    metric: Comparison['differences'][number]['metrics'][number]['metric'],
  ): number | null => {
    const b = r.backtest;
    switch (metric) {
      case 'precision':
      case 'recall':
      case 'f1':
      case 'baseRate':
      case 'lift':
        return b.overall[metric];
      case 'auc':
        return b.auc;
      case 'averagePrecision':
        return b.averagePrecision;
      case 'arrCaptured':
        return b.arrCaptured;
      case 'topDecileLift':
        return b.topDecileLift;
    }
  };
  const METRICS = [
    'precision',
    'recall',
    'f1',
    'auc',
    'averagePrecision',
    'lift',
    'arrCaptured',
    'topDecileLift',
    'baseRate',
  ] as const;
  const differences = scenarios.slice(1).map((s, k) => {
    const j = k + 1;
    return {
      scenario: s.name,
      metrics: METRICS.map((metric) => {
        const a = pick(results[0]!, metric);
        const b = pick(results[j]!, metric);
        const paired = metric === 'precision' || metric === 'recall' || metric === 'f1' || metric === 'auc';
        const ci = paired
          ? percentileInterval(
              series[j]![metric].map((v, r) => v - series[0]![metric][r]!),
              REPLICATES,
            )
          : null;
        return {
          metric,
          base: a,
          value: b,
          diff: a === null || b === null ? null : b - a,
          ci,
          significant: ci === null ? null : ci[0] > 0 || ci[1] < 0,
        };
      }),
    };
  });

  // Tier migration between the first two at the as-of date.
  const [A, B] = [scenarios[0]!, scenarios[1]!];
  const m = frame.meta.periods.indexOf(asOf);
  const fa = scoreFrame(frame, A.config);
  const fb = scoreFrame(frame, B.config);
  const scoreA = fa.scores,
    scoreB = fb.scores;
  // Tier vocabularies are per scenario; cut points per configuration within it.
  const ta = A.config.tiers.tiers,
    tb = B.config.tiers.tiers;
  const counts = ta.map(() => tb.map(() => 0));
  const movers: Mover[] = [];
  let moversTotal = 0;
  for (let i = 0; i < frame.n; i++) {
    if (frame.period[i] !== m) continue;
    const sa = scoreA[i]!,
      sb = scoreB[i]!;
    if (Number.isNaN(sa) || Number.isNaN(sb)) continue;
    const kA = configurationOf(fa, i),
      kB = configurationOf(fb, i);
    const cfgA = fa.configurations[kA]!,
      cfgB = fb.configurations[kB]!;
    const ia = tierIndex(sa, cfgA.tiers),
      ib = tierIndex(sb, cfgB.tiers);
    counts[ia]![ib]!++;
    if (ta[ia]!.id === tb[ib]!.id) continue;
    moversTotal++;
    // Which category's weighted contribution moved most (categories matched by id).
    const catsA = fa.categoryScores[kA]!,
      catsB = fb.categoryScores[kB]!;
    let driver = '',
      delta = 0;
    for (const [cb, catB] of cfgB.categories.entries()) {
      const ca = cfgA.categories.findIndex((c) => c.id === catB.id);
      const before =
        ca >= 0 ? (cfgA.categories[ca]!.weight * (Number.isNaN(catsA[ca]![i]!) ? 50 : catsA[ca]![i]!)) / 100 : 0;
      const after = (catB.weight * (Number.isNaN(catsB[cb]![i]!) ? 50 : catsB[cb]![i]!)) / 100;
      if (Math.abs(after - before) > Math.abs(delta)) {
        delta = after - before;
        driver = catB.name;
      }
    }
    const a = frame.account[i]!;
    movers.push({
      accountId: frame.meta.accountIds[a]!,
      name: frame.meta.accountNames[a]!,
      segment: frame.meta.segments[frame.segment[i]!]!,
      from: ta[ia]!.id,
      to: tb[ib]!.id,
      scoreFrom: sa,
      scoreTo: sb,
      driver,
      driverDelta: delta,
    });
  }
  movers.sort((x, y) => Math.abs(y.scoreTo - y.scoreFrom) - Math.abs(x.scoreTo - x.scoreFrom));
  const tierRef = (t: { id: string; name: string; color: string }) => ({ id: t.id, name: t.name, color: t.color });
  return {
    scenarios: scenarios.map((s) => s.name),
    results,
    differences,
    migration: {
      from: A.name,
      to: B.name,
      fromTiers: ta.map(tierRef),
      toTiers: tb.map(tierRef),
      counts,
      movers: movers.slice(0, MAX_MOVERS),
      moversTotal,
    },
    note: notes.length ? notes.join('; ') : null,
  };
}
