/**
 * The whole backtest for one configuration, staged so each kind of edit
 * redoes only what it invalidates:
 *   weights / normalisation  → re-score (the only full pass over signals)
 *   horizon / window         → re-select evaluated snapshots, rank, curves, deciles
 *   cut points / at-risk set → tier statistics from histograms, alerts, capacity
 * The engine's evaluate and the renderer's worker both run this, so the
 * numbers on screen are the engine's. Each stage keeps its last result in a
 * Memo under a key saying what it depends on; this class only wires them.
 */
import type { AlertStat, BacktestSettings, EvaluationResult, Evidence, Intervals, ModelConfig } from '../api/schema.js';
import { scoreBin } from '../scoring/tiers.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import {
  alertBacktest,
  alertHistograms,
  alertsFromHistograms,
  neighbourRows,
  tiersOfRows,
  type AlertHistograms,
} from './alerts.js';
import { atRiskBins } from './atRisk.js';
import { BootstrapRun, DEFAULT_SEED, type BootstrapInput } from './bootstrap.js';
import { capacityMetrics, type CapacityMetrics } from './capacity.js';
import { thresholdFree } from './curves.js';
import { decileMetrics } from './deciles.js';
import { backtestEvidence } from './evidence.js';
import { evaluateScored } from './generalPath.js';
import { groupCodes, type GroupCodes } from './groups.js';
import { Memo } from './memo.js';
import { evaluatePacked, packedConfiguration } from './packedPath.js';
import type { EvaluateParams } from './params.js';
import {
  emptyPortfolio,
  overrideCounts,
  overridesAt,
  periodStarts,
  portfolioFromHistograms,
  portfolioOfRows,
  type OverrideCounts,
} from './portfolio.js';
import { rankByScore } from './ranking.js';
import { resolveModel, type ResolvedModel } from './resolvedModel.js';
import { binScores } from './histograms.js';
import { FrameScorer, type Scored } from './scorer.js';
import { selectionKey, selectSnapshots, type Selection } from './selection.js';
import type { Evaluated, PortfolioAt, Ranked } from './stages.js';
import { summarise } from './summaries.js';
import { packRows, type PackedRows } from './weighAndBin.js';

export { atRiskBins } from './atRisk.js';
export type { EvaluateParams } from './params.js';
export type { Evaluated } from './stages.js';

/** What a stage over every snapshot's score and the selection depends on. */
function scoredSelectionKey(model: ResolvedModel, apply: boolean, selection: string): string {
  return `${apply ? model.scoreKeyWithOverrides : model.scoreKey}#${selection}`;
}

/** A stage's result with the key it was made for. */
interface Keyed<V> {
  key: string;
  value: V;
}

/** Whose score the pipeline judges: the configuration's (default), or the one imported with the data. */
export interface PipelineOptions {
  /**
   * Judge the frame's imported score (frame.currentScore, a CS platform's own) instead of scoring the
   * configuration: the configuration then gives only the tiers' cut points and the at-risk set.
   */
  imported?: boolean;
}

/** The imported score as the scorer's output: one configuration, no overrides; a snapshot without one is unscored. */
function importedScored(frame: SnapshotFrame): Scored {
  if (!frame.currentScore)
    throw new Error(
      "No score history is loaded: import your platform's score history (account, date, score) to backtest it",
    );
  const { bins, portfolio } = binScores(frame, frame.currentScore);
  return { assigned: null, layers: 1, scores: frame.currentScore, bins, portfolio };
}

export class BacktestPipeline {
  private readonly groups: GroupCodes[];
  private readonly scorer: FrameScorer;
  /** Resolved once per model config object: a move resolves its config once, however many stages ask. */
  private readonly model = new Memo<ModelConfig, ResolvedModel>();
  private readonly selection = new Memo<string, Selection>();
  /** The packed path's category scores (filled for the policy) and ARR of the evaluated snapshots, packed row by row. */
  private readonly packed = new Memo<string, PackedRows>();
  private readonly evaluated = new Memo<string, Evaluated>();
  private readonly ranked = new Memo<string, Ranked>();
  /** The packed path's portfolio: cut points do not change it, so a cut move costs no rescan. */
  private readonly portfolio = new Memo<string, PortfolioAt>();
  private readonly alertHist = new Memo<string, AlertHistograms>();
  private readonly capacityMemo = new Memo<string, CapacityMetrics>();
  /** Account-level figures for the verdict: per scores and selection, cut points and at-risk set. */
  private readonly evidenceMemo = new Memo<string, Evidence>();
  /** Fixed by the frame: made on first use. */
  private neighbours: { prev: Int32Array; next: Int32Array } | null = null;
  private periodStart: Uint32Array | null = null;
  private overrides: OverrideCounts | null = null;
  /** Set when the pipeline judges the imported score (PipelineOptions.imported). */
  private readonly imported: Scored | null;

  constructor(
    readonly frame: SnapshotFrame,
    options: PipelineOptions = {},
  ) {
    this.groups = groupCodes(frame);
    this.scorer = new FrameScorer(frame);
    this.imported = options.imported ? importedScored(frame) : null;
  }

  run(p: EvaluateParams): EvaluationResult {
    const ev = this.evaluateFor(p);
    return this.summarise(ev.value, this.rank(ev), p, this.evidence(ev, p));
  }

  /**
   * The result at once, except that the ranking-based metrics (ROC/PR, AUC,
   * average precision, deciles, capacity) are the last ranking's, when it
   * ranked the same snapshots; null when there is none to reuse or it is
   * already current (run() is then as quick). Lets the app show tiers,
   * confusion and the histogram while the ranking is redone — or skipped,
   * if the slider has moved on.
   */
  runProvisional(p: EvaluateParams): EvaluationResult | null {
    const ev = this.evaluateFor(p);
    const rk = this.ranked.peek();
    if (!rk || rk.key === ev.key || rk.value.selectionKey !== ev.value.selectionKey) return null;
    // Like the ranking, the account-level figures are the last run's until this one is ranked.
    return this.summarise(ev.value, rk, p, this.evidenceMemo.peek()?.value);
  }

  /**
   * The slider-path part alone (scores, tiers, confusion, per group), for
   * benchmarks: everything but the ranking-based metrics.
   */
  runTierStatistics(p: EvaluateParams): { evaluated: Evaluated } {
    return { evaluated: this.evaluateFor(p).value };
  }

  /** Selected snapshots (horizon, window, outcome) left out because the score is missing there. */
  unscored(p: EvaluateParams): number {
    return this.select(p.backtest).value.rows.length - this.evaluateFor(p).value.rows.length;
  }

  /** Bootstrap intervals for the current configuration (kept off the slider path: O(replicates × snapshots)). */
  intervals(p: EvaluateParams, replicates: number): Intervals {
    const run = this.bootstrap(p, replicates);
    run.step(replicates);
    return run.result();
  }

  /** A bootstrap to run in slices (see BootstrapRun); universe: the accounts to draw from (paired runs share one). */
  bootstrap(p: EvaluateParams, replicates: number, universe?: Int32Array): BootstrapRun {
    return new BootstrapRun(this.bootstrapInput(p), replicates, DEFAULT_SEED, universe);
  }

  /** What a bootstrap of these parameters resamples: each evaluated snapshot's score, outcome, tier, group and ARR. */
  bootstrapInput(p: EvaluateParams): BootstrapInput {
    const ev = this.evaluateFor(p);
    const rk = this.rank(ev);
    const e = ev.value;
    const model = this.resolve(p.config);
    const atRisk = model.configs.map((c) => atRiskBins(c.tiers, p.backtest));
    const scores = e.scores();
    const n = scores.length;
    const predicted = new Uint8Array(n);
    const tier = new Uint8Array(n);
    const arr = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      const l = e.layer ? e.layer[j]! : 0;
      const b = scoreBin(scores[j]!);
      predicted[j] = atRisk[l]![b]!;
      tier[j] = model.tierOfBin[l]![b]!;
      arr[j] = this.frame.arr[e.rows[j]!]!;
    }
    // A group is judged, as in its summary, with at least the minimum churners.
    const groups = this.groups.map((g) => {
      const codes = Uint8Array.from(e.rows, (i) => g.codes[i]!);
      const churners = new Array<number>(g.labels.length).fill(0);
      for (let j = 0; j < n; j++) if (e.labels[j]) churners[codes[j]!]!++;
      return {
        dimension: g.dimension,
        labels: g.labels,
        codes,
        judged: churners.map((c) => c >= p.backtest.minChurners),
      };
    });
    return {
      scores,
      labels: e.labels,
      predicted,
      account: e.account,
      order: rk.value.order,
      ...(e.arrKnown ? { arr } : {}),
      tiers: { index: tier, ids: p.config.tiers.tiers.map((t) => t.id) },
      groups,
    };
  }

  private resolve(config: ModelConfig): ResolvedModel {
    return this.model.get(config, () => resolveModel(config));
  }

  /** Whether tier overrides replace scores: asked for, and the data has some. */
  private applyOverrides(s: BacktestSettings): boolean {
    // The imported score is judged as the platform gave it: CSM overrides are the workbench's, not its.
    return !this.imported && s.overrides === 'apply' && this.frame.meta.overrides.length > 0;
  }

  private select(s: BacktestSettings): Keyed<Selection> {
    const key = selectionKey(s);
    return { key, value: this.selection.get(key, () => selectSnapshots(this.frame, this.groups, s)) };
  }

  /** The evaluated snapshots for these parameters, by the packed path when it applies. */
  private evaluateFor(p: EvaluateParams): Keyed<Evaluated> {
    const model = this.resolve(p.config);
    const apply = this.applyOverrides(p.backtest);
    const sel = this.select(p.backtest);
    const imported = this.imported;
    if (imported) {
      const key = `imported#${sel.key}`;
      return {
        key,
        value: this.evaluated.get(key, () => evaluateScored(this.frame, this.groups, imported, sel.value, sel.key)),
      };
    }
    const c = packedConfiguration(model, apply);
    if (!c) {
      const scored = this.scorer.score(model, apply);
      const key = scoredSelectionKey(model, apply, sel.key);
      return {
        key,
        value: this.evaluated.get(key, () => evaluateScored(this.frame, this.groups, scored, sel.value, sel.key)),
      };
    }
    const key = `fast|${model.weightsKeys[0]}#${sel.key}`;
    const value = this.evaluated.get(key, () => {
      const packedKey = `${model.categoryKeys[0]}|${c.missing}#${sel.key}`;
      const packed = this.packed.get(packedKey, () =>
        packRows(this.scorer.filled(model, 0)!, this.frame.arr, sel.value.rows),
      );
      const weights = c.categories.map((x) => x.weight);
      return evaluatePacked(packed, weights, sel.value, sel.key, this.groups, () => this.scorer.combine(model, 0));
    });
    return { key, value };
  }

  private rank(ev: Keyed<Evaluated>): Keyed<Ranked> {
    const value = this.ranked.get(ev.key, () => {
      const scores = ev.value.scores();
      const order = rankByScore(scores);
      const { labels, selectionKey } = ev.value;
      return {
        selectionKey,
        order,
        curves: thresholdFree(scores, labels, order),
        deciles: decileMetrics(scores, labels, order),
      };
    });
    return { key: ev.key, value };
  }

  /** Accounts per configuration and bin at period m: from the full-frame histograms, or (packed path) that month's rows alone. */
  private portfolioAt(p: EvaluateParams, m: number): PortfolioAt {
    const model = this.resolve(p.config);
    const layers = model.configs.length;
    if (m < 0) return emptyPortfolio(layers);
    if (this.imported) return portfolioFromHistograms(this.imported, m, 1);
    const apply = this.applyOverrides(p.backtest);
    const c = packedConfiguration(model, apply);
    if (!c) return portfolioFromHistograms(this.scorer.score(model, apply), m, layers);
    return this.portfolio.get(`${model.weightsKeys[0]}|${m}|${layers}`, () => {
      this.periodStart ??= periodStarts(this.frame);
      return portfolioOfRows(this.scorer.filled(model, 0)!, c, this.periodStart[m]!, this.periodStart[m + 1]!);
    });
  }

  /** Alert statistics: 2-D bin histograms over the whole frame (kept per score and selection). */
  private alertStats(p: EvaluateParams): AlertStat[] {
    const model = this.resolve(p.config);
    const apply = this.applyOverrides(p.backtest);
    const scored = this.imported ?? this.scorer.score(model, apply);
    const sel = this.select(p.backtest);
    this.neighbours ??= neighbourRows(this.frame);
    const { prev, next } = this.neighbours;
    // Own cut points per configuration: an account's tier also depends on which
    // configuration scored it (one may switch at day 60), so alerts are counted row by row.
    if (model.ownCuts) {
      const tiers = tiersOfRows(scored.bins, scored.assigned, model.tierOfBin);
      return alertBacktest(model.configs[model.configs.length - 1]!.tiers, tiers, sel.value.rowLabel, prev, next);
    }
    const key = this.imported ? `imported#${sel.key}` : scoredSelectionKey(model, apply, sel.key);
    const hist = this.alertHist.get(key, () => alertHistograms(scored.bins, sel.value.rowLabel, prev, next));
    return alertsFromHistograms(p.config.tiers, hist);
  }

  private capacity(ev: Evaluated, rk: Keyed<Ranked>, s: BacktestSettings): CapacityMetrics {
    const periods = { dates: this.frame.meta.periods, inWindow: ev.window.inWindow };
    return this.capacityMemo.get(`${rk.key}|${s.capacityK}|${s.targetRecall}`, () =>
      capacityMetrics(ev.labels, ev.month, periods, rk.value.order, s.capacityK, s.targetRecall),
    );
  }

  /** Needs every evaluated snapshot's score, so it is made with the ranking, not on a provisional result. */
  private evidence(ev: Keyed<Evaluated>, p: EvaluateParams): Evidence {
    const model = this.resolve(p.config);
    const s = p.backtest;
    const cuts = JSON.stringify(model.configs.map((c) => c.tiers.tiers.map((t) => t.min)));
    const key = `${ev.key}|${cuts}|${s.atRiskTiers.join(',')}|${s.atRiskBelow ?? ''}|${s.outcome}`;
    return this.evidenceMemo.get(key, () =>
      backtestEvidence({
        frame: this.frame,
        model,
        settings: s,
        evaluated: ev.value,
        // The imported score is its own one category (see compare/currentScore.ts).
        categoryScores: (k) => (this.imported ? [this.imported.scores] : this.scorer.categoryScores(model, k).scores),
      }),
    );
  }

  private summarise(ev: Evaluated, rk: Keyed<Ranked>, p: EvaluateParams, evidence?: Evidence): EvaluationResult {
    const m = this.frame.meta.periods.indexOf(p.asOf);
    this.overrides ??= overrideCounts(this.frame);
    return summarise({
      evidence,
      frame: this.frame,
      groups: this.groups,
      model: this.resolve(p.config),
      params: p,
      evaluated: ev,
      ranked: rk.value,
      portfolio: this.portfolioAt(p, m),
      overrides: overridesAt(this.overrides, m),
      alerts: p.alerts === false ? null : this.alertStats(p),
      capacity: this.capacity(ev, rk, p.backtest),
    });
  }
}
