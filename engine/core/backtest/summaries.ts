/**
 * The evaluation result from the staged parts: tier statistics and
 * confusion per group and configuration read off the histograms, the
 * portfolio at the as-of date, the ranking's metrics and the warnings.
 */
import type { AlertStat, Confusion, EvaluationResult, Evidence, TierScheme, TierStat } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { atRiskBins } from './atRisk.js';
import type { CapacityMetrics } from './capacity.js';
import { suggestCuts } from './cutSuggestions.js';
import type { GroupCodes } from './groups.js';
import { BINS } from './histograms.js';
import { classificationMetrics, ratio } from './metrics.js';
import type { EvaluateParams } from './params.js';
import type { ResolvedModel } from './resolvedModel.js';
import type { Evaluated, PortfolioAt, Ranked } from './stages.js';
import { backtestWarnings } from './warnings.js';

export interface SummaryInput {
  frame: SnapshotFrame;
  groups: readonly GroupCodes[];
  model: ResolvedModel;
  params: EvaluateParams;
  evaluated: Evaluated;
  ranked: Ranked;
  /** The portfolio at the as-of date (empty when it is not a snapshot date). */
  portfolio: PortfolioAt;
  overrides: { active: number; rate: number };
  alerts: AlertStat[] | null;
  capacity: CapacityMetrics;
  /** Account-level figures (evidence.ts); absent on a provisional result before the first ranking. */
  evidence?: Evidence | undefined;
}

/** Tier counts and confusion of group g of histogram h, over every configuration or only one. */
type TierCounter = (h: Int32Array, g: number, only?: number | null) => { tiers: TierStat[]; confusion: Confusion };

/** Reads histograms laid out [((g * L + l) * 2 + y) * BINS + bin] with each configuration's tiers and at-risk bins. */
function tierCounter(
  scheme: TierScheme,
  tierOfBin: readonly Int8Array[],
  atRiskBin: readonly Uint8Array[],
): TierCounter {
  const nt = scheme.tiers.length;
  const L = tierOfBin.length;
  return (h, g, only = null) => {
    const tierCount = new Array<number>(nt).fill(0);
    const tierChurned = new Array<number>(nt).fill(0);
    const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (let l = 0; l < L; l++) {
      if (only !== null && l !== only) continue;
      const tob = tierOfBin[l]!;
      const risk = atRiskBin[l]!;
      for (let y = 0; y < 2; y++) {
        const base = ((g * L + l) * 2 + y) * BINS;
        for (let b = 0; b < BINS; b++) {
          const k = h[base + b]!;
          if (k === 0) continue;
          const t = tob[b]!;
          tierCount[t]! += k;
          if (y === 1) tierChurned[t]! += k;
          if (risk[b]) {
            if (y === 1) c.tp += k;
            else c.fp += k;
          } else if (y === 1) c.fn += k;
          else c.tn += k;
        }
      }
    }
    const tiers: TierStat[] = scheme.tiers.map((t, i) => ({
      tierId: t.id,
      count: tierCount[i]!,
      churned: tierChurned[i]!,
      churnRate: ratio(tierChurned[i]!, tierCount[i]!),
    }));
    return { tiers, confusion: c };
  };
}

export function summarise(input: SummaryInput): EvaluationResult {
  const { frame, groups, model, evaluated: ev, ranked: rk, portfolio: at, overrides } = input;
  const { config, backtest: s, asOf } = input.params;
  const scheme = config.tiers;
  const nt = scheme.tiers.length;
  const { configs, tierOfBin } = model;
  const L = configs.length;
  // At-risk bins per configuration: its cut points, the shared at-risk tiers.
  const atRiskBin = configs.map((c) => atRiskBins(c.tiers, s));
  const cell = tierCounter(scheme, tierOfBin, atRiskBin);

  const breakdowns = groups.map((g, d) => ({
    dimension: g.dimension,
    groups: g.labels.map((label, gi) => {
      const c = cell(ev.groupHists[d]!, gi);
      const metrics = classificationMetrics(c.confusion);
      return { group: label, metrics, tiers: c.tiers, tooFewToJudge: metrics.positives < s.minChurners };
    }),
  }));
  // Overall = the sum over any one breakdown's groups (segment).
  const seg = ev.groupHists[0]!;
  const stride = L * 2 * BINS;
  const overallHist = new Int32Array(stride);
  for (let g = 0; g < groups[0]!.labels.length; g++) {
    for (let k = 0; k < stride; k++) overallHist[k]! += seg[g * stride + k]!;
  }
  const overall = cell(overallHist, 0);
  const metrics = classificationMetrics(overall.confusion);
  /** Churners (y = 1) or stayers (y = 0) per score bin over every configuration. */
  const byBin = (y: number) =>
    Array.from({ length: BINS }, (_, b) => {
      let k = 0;
      for (let l = 0; l < L; l++) k += overallHist[(l * 2 + y) * BINS + b]!;
      return k;
    });

  let arrTp = 0,
    arrPos = 0;
  for (let l = 0; l < L; l++) {
    for (let b = 0; b < BINS; b++) {
      const a = ev.churnedArr[l * BINS + b]!;
      arrPos += a;
      if (atRiskBin[l]![b]) arrTp += a;
    }
  }

  const m = frame.meta.periods.indexOf(asOf);
  const histogram = new Array<number>(BINS).fill(0);
  const tierCounts = new Array<number>(nt).fill(0);
  const configAccounts = new Array<number>(L).fill(0);
  let accounts = 0;
  if (m >= 0) {
    for (let l = 0; l < L; l++) {
      for (let b = 0; b < BINS; b++) {
        const k = at.counts[l * BINS + b]!;
        histogram[b]! += k;
        tierCounts[tierOfBin[l]![b]!]! += k;
        configAccounts[l]! += k;
        accounts += k;
      }
    }
  }

  const configurations = configs.map((c, l) => {
    const cc = cell(overallHist, 0, l);
    return {
      id: c.id,
      name: c.name,
      accounts: configAccounts[l]!,
      metrics: classificationMetrics(cc.confusion),
      tiers: cc.tiers,
    };
  });

  const warnings = backtestWarnings({
    frame,
    window: ev.window,
    settings: s,
    asOf,
    positives: metrics.positives,
    overrideRate: overrides.rate,
  });

  return {
    portfolio: {
      asOf,
      accounts,
      tierCounts: scheme.tiers.map((t, i) => ({ tierId: t.id, count: tierCounts[i]! })),
      histogram,
      meanScore: m >= 0 && accounts > 0 ? at.sum / accounts : null,
      overrides: { active: overrides.active, rate: overrides.rate },
    },
    configurations,
    backtest: {
      horizonDays: s.horizonDays,
      cadence: frame.meta.cadence,
      outcome: s.outcome,
      ...(frame.meta.crossSectional === true ? { oneMoment: frame.meta.periods[0]! } : {}),
      periods: ev.window.periods,
      evaluated: ev.rows.length,
      censored: ev.censored,
      outsideWindow: ev.outsideWindow,
      overall: metrics,
      arrCaptured: ev.arrKnown && arrPos > 0 ? arrTp / arrPos : null,
      tiers: overall.tiers,
      breakdowns,
      auc: rk.curves.auc,
      averagePrecision: rk.curves.averagePrecision,
      roc: rk.curves.roc.map((q) => ({ ...q, threshold: Number.isFinite(q.threshold) ? q.threshold : null })),
      pr: rk.curves.pr,
      deciles: rk.deciles.deciles,
      topDecileLift: rk.deciles.topDecileLift,
      capacity: input.capacity,
      alerts: input.alerts,
      suggestedCuts: suggestCuts(byBin(1), byBin(0), s),
      warnings,
      ...(input.evidence ? { evidence: input.evidence } : {}),
    },
    intervals: null,
  };
}
