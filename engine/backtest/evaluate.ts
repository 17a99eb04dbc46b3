/**
 * From score histograms to everything the calibration screen shows: tier
 * distribution, churn per tier, the at-risk confusion matrix and its metrics,
 * per segment. Pure and cheap (work ∝ segments × 101), so it runs on every
 * cut-point move.
 */
import type { BacktestSettings, Confusion, EvaluationResult, ModelConfig, TierScheme, TierStat } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { scoreFrame } from '../scoring/score.js';
import { tierOfBins } from '../scoring/tiers.js';
import { BINS, buildHistograms, type ScoreHistograms } from './histograms.js';
import { classificationMetrics, isMonotonic, ratio } from './metrics.js';

interface Cell { tierCount: number[]; tierChurned: number[]; confusion: Confusion }

function summariseCell(h: ScoreHistograms, segs: readonly number[], tierOfBin: Int8Array, atRisk: boolean[], tierCountLen: number): Cell {
  const tierCount = new Array<number>(tierCountLen).fill(0);
  const tierChurned = new Array<number>(tierCountLen).fill(0);
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const seg of segs) {
    for (let y = 0; y < 2; y++) {
      const base = (seg * 2 + y) * BINS;
      for (let b = 0; b < BINS; b++) {
        const k = h.backtest[base + b]!;
        if (k === 0) continue;
        const t = tierOfBin[b]!;
        tierCount[t]! += k;
        if (y === 1) tierChurned[t]! += k;
        if (atRisk[t]) {
          if (y === 1) c.tp += k;
          else c.fp += k;
        } else if (y === 1) c.fn += k;
        else c.tn += k;
      }
    }
  }
  return { tierCount, tierChurned, confusion: c };
}

function tierStats(scheme: TierScheme, cell: Cell): TierStat[] {
  return scheme.tiers.map((t, i) => ({
    tierId: t.id,
    count: cell.tierCount[i]!,
    churned: cell.tierChurned[i]!,
    churnRate: ratio(cell.tierChurned[i]!, cell.tierCount[i]!),
  }));
}

export function summarise(
  h: ScoreHistograms,
  meta: SnapshotFrame['meta'],
  scheme: TierScheme,
  settings: BacktestSettings,
  asOf: string,
): EvaluationResult {
  const tierOfBin = tierOfBins(scheme);
  const atRisk = scheme.tiers.map((t) => settings.atRiskTiers.includes(t.id));
  const nt = scheme.tiers.length;
  const allSegs = meta.segments.map((_, i) => i);
  const overallCell = summariseCell(h, allSegs, tierOfBin, atRisk, nt);
  const tiers = tierStats(scheme, overallCell);

  const m = meta.months.indexOf(asOf);
  const histogram = new Array<number>(BINS).fill(0);
  const tierCounts = new Array<number>(nt).fill(0);
  let accounts = 0;
  if (m >= 0) {
    for (let b = 0; b < BINS; b++) {
      const k = h.portfolio[m * BINS + b]!;
      histogram[b] = k;
      tierCounts[tierOfBin[b]!]! += k;
      accounts += k;
    }
  }

  let evaluated = 0;
  for (let i = 0; i < h.backtest.length; i++) evaluated += h.backtest[i]!;

  return {
    portfolio: {
      asOf,
      accounts,
      tierCounts: scheme.tiers.map((t, i) => ({ tierId: t.id, count: tierCounts[i]! })),
      histogram,
      meanScore: m >= 0 && accounts > 0 ? h.sumScore[m]! / accounts : null,
    },
    backtest: {
      horizonDays: h.horizonDays,
      months: meta.months.filter((_, i) => h.evaluatedMonths[i] === 1),
      evaluated,
      censored: h.censored,
      overall: classificationMetrics(overallCell.confusion),
      tiers,
      monotonic: isMonotonic(tiers.map((t) => t.churnRate)),
      segments: meta.segments.map((segment, s) => {
        const cell = summariseCell(h, [s], tierOfBin, atRisk, nt);
        return { segment, metrics: classificationMetrics(cell.confusion), tiers: tierStats(scheme, cell) };
      }),
    },
  };
}

/** The whole pipeline for one configuration: what the engine answers and the renderer's worker reproduces. */
export function evaluateFrame(frame: SnapshotFrame, config: ModelConfig, settings: BacktestSettings, asOf: string): EvaluationResult {
  const { scores } = scoreFrame(frame, config);
  const h = buildHistograms(frame, scores, settings.horizonDays);
  return summarise(h, frame.meta, config.tiers, settings, asOf);
}
