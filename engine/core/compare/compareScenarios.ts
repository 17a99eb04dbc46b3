/**
 * Scenarios side by side on the same snapshots: every metric with its
 * difference from the baseline, a paired bootstrap (each account drawn by its
 * id, so it weighs the same in every scenario) to tell real differences from
 * noise, a minimum size worth acting on (minDifference.ts), and the
 * tier migration between the first two with the accounts that move and why.
 */
import type { BacktestSettings, Comparison, EvaluationResult, Mover, ScenarioInput } from '../api/schema.js';
import {
  accountUniverse,
  BootstrapRun,
  DEFAULT_REPLICATES,
  DEFAULT_SEED,
  percentileInterval,
  SERIES_METRICS,
} from '../backtest/bootstrap.js';
import { BacktestPipeline, type EvaluateParams } from '../backtest/pipeline.js';
import { resolveConfigurations } from '../model/configurations.js';
import { configurationOf, scoreFrame } from '../scoring/score.js';
import { tierIndex } from '../scoring/tiers.js';
import { CURRENT_SCORE_NAME, currentScoreScenario, isImported, missingScoreNote } from './currentScore.js';
import { MIN_DIFFERENCE, worthActing } from './minDifference.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

const REPLICATES = DEFAULT_REPLICATES;
const MAX_MOVERS = 500;

/** The design that makes scenarios comparable: snapshots and outcome come from the baseline. */
const SHARED: (keyof BacktestSettings)[] = ['cadence', 'outcome', 'horizonDays', 'windowMonths'];

export function compareScenarios(frame: SnapshotFrame, requested: ScenarioInput[], asOf: string): Comparison {
  const notes: string[] = [];
  // "Your current score": the imported score, judged with its own tiers (compare/currentScore.ts).
  const scenarios = requested.map((s) => {
    if (!isImported(s)) return s;
    const made = currentScoreScenario(frame, s);
    notes.push(...made.notes);
    return made.scenario;
  });
  const base = scenarios[0]!;
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

  // One universe of accounts for every scenario, so a replicate gives each account the same weight in all of them,
  // even when a scenario scores fewer snapshots (re-weighting leaves some unscored).
  const pipelines = scenarios.map((s) => new BacktestPipeline(frame, { imported: isImported(s) }));
  const results: EvaluationResult[] = pipelines.map((pl, k) => pl.run(params[k]!));
  const inputs = pipelines.map((pl, k) => pl.bootstrapInput(params[k]!));
  const universe = accountUniverse(...inputs.map((x) => x.account));
  const series = inputs.map((input) => {
    const run = new BootstrapRun(input, REPLICATES, DEFAULT_SEED, universe);
    run.step(REPLICATES);
    return run.replicateSeries;
  });

  const snapshots = results.slice(1).map((r, k) => ({
    scenario: scenarios[k + 1]!.name,
    evaluated: r.backtest.evaluated,
    baseline: results[0]!.backtest.evaluated,
    accounts: universe.length,
  }));
  for (const [k, s] of snapshots.entries()) {
    const gap = s.baseline - s.evaluated;
    const scenario = scenarios[k + 1]!;
    if (isImported(scenario)) {
      const missing = pipelines[k + 1]!.unscored(params[k + 1]!);
      if (missing > 0)
        notes.push(missingScoreNote(s.scenario, missing, s.baseline, frame.meta.currentScore!.staleDays));
      else if (gap !== 0) notes.push(snapshotGapNote(s.scenario, base.name, gap, s.baseline));
    } else if (gap !== 0) notes.push(snapshotGapNote(s.scenario, base.name, gap, s.baseline));
  }
  if (isImported(base)) {
    const missing = pipelines[0]!.unscored(params[0]!);
    if (missing > 0)
      notes.push(
        missingScoreNote(
          base.name,
          missing,
          missing + results[0]!.backtest.evaluated,
          frame.meta.currentScore!.staleDays,
        ),
      );
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
  const differences = scenarios.slice(1).map((s, k) => {
    const j = k + 1;
    return {
      scenario: s.name,
      metrics: SERIES_METRICS.map((metric) => {
        const a = pick(results[0]!, metric);
        const b = pick(results[j]!, metric);
        const diff = a === null || b === null ? null : b - a;
        const ci =
          diff === null
            ? null
            : percentileInterval(
                series[j]![metric].map((v, r) => v - series[0]![metric][r]!),
                REPLICATES,
              );
        return {
          metric,
          base: a,
          value: b,
          diff,
          ci,
          significant: ci === null ? null : ci[0] > 0 || ci[1] < 0,
          minDifference: MIN_DIFFERENCE[metric],
          worthActing: worthActing(metric, diff, ci),
        };
      }),
    };
  });

  // Tier migration between the first two at the as-of date.
  const [A, B] = [scenarios[0]!, scenarios[1]!];
  const m = frame.meta.periods.indexOf(asOf);
  const fa = scoresOf(frame, A);
  const fb = scoresOf(frame, B);
  const eitherImported = isImported(A) || isImported(B);
  const scoreA = fa.scores,
    scoreB = fb.scores;
  // Tier vocabularies are per scenario; cut points per configuration within it.
  const ta = A.config.tiers.tiers,
    tb = B.config.tiers.tiers;
  const counts = ta.map(() => tb.map(() => 0));
  const movers: Mover[] = [];
  let moversTotal = 0;
  let atAsOf = 0,
    unpaired = 0;
  for (let i = 0; i < frame.n; i++) {
    if (frame.period[i] !== m) continue;
    atAsOf++;
    const sa = scoreA[i]!,
      sb = scoreB[i]!;
    if (Number.isNaN(sa) || Number.isNaN(sb)) {
      unpaired++;
      continue;
    }
    const kA = configurationOf(fa, i),
      kB = configurationOf(fb, i);
    const cfgA = fa.configurations[kA]!,
      cfgB = fb.configurations[kB]!;
    const ia = tierIndex(sa, cfgA.tiers),
      ib = tierIndex(sb, cfgB.tiers);
    counts[ia]![ib]!++;
    if (ta[ia]!.id === tb[ib]!.id) continue;
    moversTotal++;
    let driver = '',
      delta = 0;
    if (eitherImported) {
      // Two different scores, not two weightings of the same categories: the move is the score's own.
      driver = CURRENT_SCORE_NAME;
      delta = sb - sa;
    } else {
      // Which category's weighted contribution moved most (categories matched by id).
      const catsA = fa.categoryScores[kA]!,
        catsB = fb.categoryScores[kB]!;
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
  if (eitherImported && unpaired > 0)
    notes.push(
      `at ${asOf}, ${unpaired.toLocaleString('en-US')} of ${atAsOf.toLocaleString('en-US')} accounts have no imported score in force ` +
        `(none in the last ${frame.meta.currentScore!.staleDays} days): the tier migration counts only the accounts both scenarios score`,
    );
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
    snapshots,
    note: notes.length ? notes.join('; ') : null,
    ...(scenarios.some(isImported) ? { judged: scenarios.map((s) => s.config) } : {}),
  };
}

/** A scenario's every snapshot score: the configuration's, or (imported) the score history's in force. */
function scoresOf(frame: SnapshotFrame, s: ScenarioInput): ReturnType<typeof scoreFrame> {
  if (!isImported(s)) return scoreFrame(frame, s.config);
  // One configuration (currentScoreScenario drops the variants), whose one category is the score itself.
  return {
    configurations: resolveConfigurations(s.config),
    assigned: null,
    categoryScores: [[frame.currentScore!]],
    scores: frame.currentScore!,
  };
}

/** "Scenario B scores 1,204 fewer snapshots (3.1 %)", and what that does to the comparison. */
export function snapshotGapNote(scenario: string, baseline: string, gap: number, baselineSnapshots: number): string {
  const share = baselineSnapshots > 0 ? (100 * Math.abs(gap)) / baselineSnapshots : 0;
  const count = Math.abs(gap).toLocaleString('en-US');
  const pct = share.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return (
    `${scenario} scores ${count} ${gap > 0 ? 'fewer' : 'more'} snapshots than ${baseline} (${pct} %): ` +
    'accounts are still paired by id, but the metrics are judged on different snapshot sets'
  );
}
