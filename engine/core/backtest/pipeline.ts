/**
 * The whole backtest for one configuration, staged so each kind of edit
 * redoes only what it invalidates:
 *   weights / normalisation  → re-score (the only full pass over signals)
 *   horizon / window         → re-select evaluated snapshots, rank, curves, deciles
 *   cut points / at-risk set → tier statistics from histograms, alerts, capacity
 * The engine's evaluate and the renderer's worker both run this, so the
 * numbers on screen are the engine's.
 */
import type { AlertStat, BacktestSettings, BacktestWarning, Category, Confusion, EvaluationResult, Intervals, MissingPolicy, ModelConfig, TierScheme, TierStat } from '../api/schema.js';
import { hasOwnCuts, resolveConfigurations, type ResolvedConfiguration } from '../model/configurations.js';
import { assignConfigurations } from '../scoring/assign.js';
import { combineScores, computeCategoryScores, fillMissing, fillNeutral, pickByConfiguration, PENALTY_SCORE } from '../scoring/score.js';
import { scoreBin, tierOfBins } from '../scoring/tiers.js';
import { applyOverrides, OVERRIDE_RATE_WARNING } from '../scoring/overrides.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { outcomeAt } from '../snapshots/frame.js';
import { alertBacktest, alertHistograms, alertsFromHistograms, neighbourRows, type AlertHistograms } from './alerts.js';
import { BootstrapRun } from './bootstrap.js';
import { capacityMetrics } from './capacity.js';
import { thresholdFree, type ThresholdFreeMetrics } from './curves.js';
import { suggestCuts } from './cutSuggestions.js';
import { decileMetrics, type DecileMetrics } from './deciles.js';
import { groupCodes, type GroupCodes } from './groups.js';
import { BINS, binScores, type PortfolioHistograms } from './histograms.js';
import { countBins, MAX_PACKED_CATEGORIES, packRows, sumArrByBin, type PackedRows } from './weighAndBin.js';
import { classificationMetrics, isMonotonic, ratio } from './metrics.js';
import { rankByScore } from './ranking.js';
import { evaluationWindow, type EvaluationWindow } from './window.js';

export interface EvaluateParams {
  config: ModelConfig;
  backtest: BacktestSettings;
  asOf: string;
  /**
   * Compute the alert backtest (default true). It needs every snapshot's
   * score and its neighbours', so the app asks for it only while the Alerts
   * view is open; without it the result's alerts are null.
   */
  alerts?: boolean;
}

interface Scored {
  key: string;
  /** Configuration per snapshot (null: the default only), and how many there are. */
  assigned: Uint8Array | null;
  layers: number;
  scores: Float32Array;
  /** 1-point bin of every snapshot's score, -1 when unscored. */
  bins: Int16Array;
  portfolio: PortfolioHistograms;
}

/** Which snapshots the backtest uses: depends on horizon and window only. */
interface Selection {
  key: string;
  window: EvaluationWindow;
  rows: Uint32Array;
  labels: Uint8Array;
  period: Uint16Array;
  account: Int32Array;
  /** Group code of each selected row, per breakdown dimension. */
  groupCodes: Uint8Array[];
  /**
   * The slider path's cell of each selected row: group code * 2 + label. One
   * array over all four group codes as one number (mixed radix) when there
   * are few enough combinations (jointGroups), so the slider path counts one
   * histogram and splits it per dimension afterwards; else one per dimension.
   */
  cells: Uint16Array[];
  jointGroups: number | null;
  /** Positions (in the selection) of the churned rows. */
  churned: Uint32Array;
  /** Per frame row: 1 churned, 0 stayed, -1 not evaluated. */
  rowLabel: Int8Array;
  censored: number;
  outsideWindow: number;
}

/** The selection binned by the current scores. */
interface Evaluated {
  key: string;
  /** Which snapshots were evaluated (horizon, window, outcome): a ranking of the same ones has the same length and labels. */
  selectionKey: string;
  window: EvaluationWindow;
  rows: Uint32Array;
  /**
   * Each evaluated snapshot's score, made on first call: the slider path
   * needs only the bins, so a weight move does not write (or allocate) a
   * score per snapshot unless the ranking asks for them.
   */
  scores: () => Float32Array;
  labels: Uint8Array;
  month: Uint16Array;
  account: Int32Array;
  rowLabel: Int8Array;
  censored: number;
  outsideWindow: number;
  /** Configuration of each evaluated snapshot (null: the default only). */
  layer: Uint8Array | null;
  /** Per breakdown: [((group * layers + configuration) * 2 + y) * BINS + bin]. */
  groupHists: Int32Array[];
  /** Churned ARR per configuration and bin: [configuration * BINS + bin] (the stayers' is never read). */
  churnedArr: Float64Array;
  /** Whether any evaluated snapshot's ARR is known. */
  arrKnown: boolean;
}

/** The portfolio at the as-of date: scored accounts per configuration and bin, and their score sum. */
interface PortfolioAt { counts: Int32Array; sum: number }

/** Threshold-free metrics of an evaluated set: the part that needs a full ranking. */
interface Ranked {
  key: string;
  selectionKey: string;
  order: Uint32Array;
  curves: ThresholdFreeMetrics;
  deciles: DecileMetrics;
}

/** Above this many segment × plan × region × lifecycle combinations the joint histogram would cost more than it saves. */
const MAX_JOINT_GROUPS = 2048;

/** 1 for every score bin predicted to churn: the at-risk tiers, or every score below a threshold. */
export function atRiskBins(scheme: TierScheme, s: BacktestSettings): Uint8Array {
  const tierOfBin = tierOfBins(scheme);
  const byTier = scheme.tiers.map((t) => s.atRiskTiers.includes(t.id));
  const below = s.atRiskBelow ?? null;
  return Uint8Array.from({ length: BINS }, (_, b) => (below !== null ? (b < below ? 1 : 0) : byTier[tierOfBin[b]!] ? 1 : 0));
}

const normalisationKey = (categories: readonly Category[]) => JSON.stringify(categories.map((k) => [k.id, k.signals]));
const weightsKey = (c: Pick<ResolvedConfiguration, 'categories' | 'missing' | 'baseline'>) => `${normalisationKey(c.categories)}|${c.baseline}|${c.categories.map((k) => k.weight).join(',')}|${c.missing}`;
const assignmentKey = (configs: readonly ResolvedConfiguration[]) => JSON.stringify(configs.map((c) => c.when));
const cutsKey = (configs: readonly ResolvedConfiguration[]) => JSON.stringify(configs.map((c) => c.tiers.tiers.map((t) => [t.id, t.name, t.min])));

interface CategoryCache { key: string; scores: Float32Array[]; filled: Float32Array[]; penalised: Float32Array[] | null }

export class BacktestPipeline {
  /** Per configuration (by position): normalised category scores, and the combined score. */
  private categories: (CategoryCache | null)[] = [];
  private combined: ({ key: string; scores: Float32Array } | null)[] = [];
  private assignment: { key: string; assigned: Uint8Array | null } | null = null;
  private scored: Scored | null = null;
  /** The fast path's category scores (filled for the policy) and ARR of the evaluated snapshots, packed row by row. */
  private gathered: { key: string; packed: PackedRows } | null = null;
  private alertCache: { key: string; hist: AlertHistograms } | null = null;
  private periodStart: Uint32Array | null = null;
  private portfolioCache: { key: string; value: PortfolioAt } | null = null;
  private selection: Selection | null = null;
  private evaluated: Evaluated | null = null;
  private ranked: Ranked | null = null;
  private readonly groups: GroupCodes[];
  private neighbours: { prev: Int32Array; next: Int32Array } | null = null;

  private overrideCounts: { active: Int32Array; accounts: Int32Array } | null = null;

  constructor(readonly frame: SnapshotFrame) {
    this.groups = groupCodes(frame);
  }

  /** Accounts with an override in force at period m (counted once per frame). */
  private overridesAt(m: number): { active: number; rate: number } {
    if (!this.overrideCounts) {
      const np = this.frame.meta.periods.length;
      const active = new Int32Array(np);
      const accounts = new Int32Array(np);
      for (let i = 0; i < this.frame.n; i++) {
        const p = this.frame.period[i]!;
        accounts[p]!++;
        if (this.frame.overrideIdx[i]! >= 0) active[p]!++;
      }
      this.overrideCounts = { active, accounts };
    }
    const a = this.overrideCounts.active[m]!;
    const n = this.overrideCounts.accounts[m]!;
    return { active: a, rate: n > 0 ? a / n : 0 };
  }

  /** Normalised category scores of configuration k: redone only when its signals or normalisation change, not weights. */
  private categoryScores(k: number, c: Pick<ResolvedConfiguration, 'categories' | 'baseline'>): CategoryCache {
    const key = `${normalisationKey(c.categories)}|${c.baseline}`;
    let cached = this.categories[k];
    if (cached?.key !== key) {
      const scores = computeCategoryScores(this.frame, c.categories, c.baseline);
      cached = { key, scores, filled: fillNeutral(scores), penalised: null };
      this.categories[k] = cached;
    }
    return cached;
  }

  /** The category scores filled for the missing-data policy, kept across weight moves. */
  private filledFor(cats: CategoryCache, missing: MissingPolicy): Float32Array[] | undefined {
    if (missing === 'neutral') return cats.filled;
    if (missing === 'penalise') return (cats.penalised ??= fillMissing(cats.scores, PENALTY_SCORE));
    return undefined;
  }

  /** Configuration k's score of every snapshot; a weight move in one configuration leaves the others' alone. */
  private combine(k: number, c: ResolvedConfiguration): Float32Array {
    const key = weightsKey(c);
    const cached = this.combined[k];
    if (cached?.key === key) return cached.scores;
    const cats = this.categoryScores(k, c);
    const scores = combineScores(cats.scores, c.categories.map((x) => x.weight), c.missing, this.frame.n, this.filledFor(cats, c.missing));
    this.combined[k] = { key, scores };
    return scores;
  }

  private assign(configs: readonly ResolvedConfiguration[]): Uint8Array | null {
    const key = assignmentKey(configs);
    if (this.assignment?.key !== key) this.assignment = { key, assigned: assignConfigurations(this.frame, configs) };
    return this.assignment.assigned;
  }

  private score(config: ModelConfig, overrides: BacktestSettings['overrides']): Scored {
    const configs = resolveConfigurations(config);
    // Caches are by position: a different number of configurations starts afresh.
    if (this.combined.length !== configs.length) {
      this.categories = configs.map(() => null);
      this.combined = configs.map(() => null);
    }
    // With overrides applied, a tier override's score depends on the cut points too.
    const apply = overrides === 'apply' && this.frame.meta.overrides.length > 0;
    const key = `${configs.map(weightsKey).join('||')}#${assignmentKey(configs)}${apply ? `|overrides|${cutsKey(configs)}` : ''}`;
    if (this.scored?.key !== key) {
      const assigned = this.assign(configs);
      const computed = pickByConfiguration(configs.map((c, k) => this.combine(k, c)), assigned, this.frame.n);
      const scores = apply ? applyOverrides(this.frame, configs.map((c) => c.tiers), computed, assigned) : computed;
      const { bins, portfolio } = binScores(this.frame, scores, assigned, configs.length);
      this.scored = { key, assigned, layers: configs.length, scores, bins, portfolio };
    }
    return this.scored;
  }

  private select(s: BacktestSettings): Selection {
    const key = `${s.horizonDays}|${s.windowMonths}|${s.outcome}`;
    if (this.selection?.key === key) return this.selection;
    const f = this.frame;
    const window = evaluationWindow(f, s.horizonDays, s.windowMonths);
    const rowLabel = new Int8Array(f.n).fill(-1);
    let censored = 0, outsideWindow = 0, count = 0;
    for (let i = 0; i < f.n; i++) {
      const m = f.period[i]!;
      if (!window.observed[m]) censored++;
      else if (!window.inWindow[m]) outsideWindow++;
      else {
        rowLabel[i] = outcomeAt(f, i, s.horizonDays, s.outcome) === 1 ? 1 : 0;
        count++;
      }
    }
    const rows = new Uint32Array(count);
    const labels = new Uint8Array(count);
    const period = new Uint16Array(count);
    const account = new Int32Array(count);
    const groupCodes = this.groups.map(() => new Uint8Array(count));
    for (let i = 0, k = 0; i < f.n; i++) {
      if (rowLabel[i]! < 0) continue;
      rows[k] = i;
      labels[k] = rowLabel[i]!;
      period[k] = f.period[i]!;
      account[k] = f.account[i]!;
      for (let d = 0; d < groupCodes.length; d++) groupCodes[d]![k] = this.groups[d]!.codes[i]!;
      k++;
    }
    const sizes = this.groups.map((g) => Math.max(1, g.labels.length));
    const combos = sizes.reduce((a, b) => a * b, 1);
    const jointGroups = combos <= MAX_JOINT_GROUPS ? combos : null;
    const cellsOf = (code: (j: number) => number) => {
      const out = new Uint16Array(count);
      for (let j = 0; j < count; j++) out[j] = code(j) * 2 + labels[j]!;
      return out;
    };
    const cells = jointGroups !== null
      ? [cellsOf((j) => {
          let q = 0;
          for (let d = 0; d < sizes.length; d++) q = q * sizes[d]! + groupCodes[d]![j]!;
          return q;
        })]
      : groupCodes.map((codes) => cellsOf((j) => codes[j]!));
    let positives = 0;
    for (let j = 0; j < count; j++) positives += labels[j]!;
    const churned = new Uint32Array(positives);
    for (let j = 0, k = 0; j < count; j++) if (labels[j] === 1) churned[k++] = j;
    this.selection = { key, window, rows, labels, period, account, groupCodes, cells, jointGroups, churned, rowLabel, censored, outsideWindow };
    return this.selection;
  }

  private evaluate(scored: Scored, s: BacktestSettings): Evaluated {
    const sel = this.select(s);
    const key = `${scored.key}#${sel.key}`;
    if (this.evaluated?.key === key) return this.evaluated;
    const f = this.frame;
    // Unscored snapshots (every category missing under re-weighting) cannot be judged.
    let count = 0;
    for (let k = 0; k < sel.rows.length; k++) if (scored.bins[sel.rows[k]!]! >= 0) count++;
    const all = count === sel.rows.length;
    const keep = all ? null : Uint32Array.from({ length: count });
    if (keep) for (let k = 0, j = 0; k < sel.rows.length; k++) if (scored.bins[sel.rows[k]!]! >= 0) keep[j++] = k;
    const sub = <T extends Uint32Array | Uint8Array | Uint16Array | Int32Array>(a: T, make: (n: number) => T): T => {
      if (!keep) return a;
      const out = make(count);
      for (let j = 0; j < count; j++) out[j] = a[keep[j]!]!;
      return out;
    };
    const rows = sub(sel.rows, (n) => new Uint32Array(n));
    const labels = sub(sel.labels, (n) => new Uint8Array(n));
    const month = sub(sel.period, (n) => new Uint16Array(n));
    const account = sub(sel.account, (n) => new Int32Array(n));
    const codes = sel.groupCodes.map((c) => sub(c, (n) => new Uint8Array(n)));
    const scores = new Float32Array(count);
    const L = scored.layers;
    const assigned = scored.assigned;
    const layer = assigned ? new Uint8Array(count) : null;
    const churnedArr = new Float64Array(L * BINS);
    const groupHists = this.groups.map((g) => new Int32Array(g.labels.length * L * 2 * BINS));
    let arrKnown = false;
    // One pass: scores, bins, ARR and every breakdown's histogram together
    // (the four breakdowns of groupCodes: segment, plan, region, lifecycle),
    // split by configuration because each may cut tiers at its own points.
    const [h0, h1, h2, h3] = groupHists as [Int32Array, Int32Array, Int32Array, Int32Array];
    const [c0, c1, c2, c3] = codes as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const stride = L * 2 * BINS;
    for (let j = 0; j < count; j++) {
      const i = rows[j]!;
      const b = scored.bins[i]!;
      const y = labels[j]!;
      scores[j] = scored.scores[i]!;
      const l = assigned ? assigned[i]! : 0;
      if (layer) layer[j] = l;
      const yb = (l * 2 + y) * BINS + b;
      h0[c0[j]! * stride + yb]!++;
      h1[c1[j]! * stride + yb]!++;
      h2[c2[j]! * stride + yb]!++;
      h3[c3[j]! * stride + yb]!++;
      const a = f.arr[i]!;
      if (a === a) {
        if (y === 1) churnedArr[l * BINS + b]! += a;
        arrKnown = true;
      }
    }
    this.evaluated = { key, selectionKey: sel.key, window: sel.window, rows, scores: () => scores, labels, month, account, rowLabel: sel.rowLabel, censored: sel.censored, outsideWindow: sel.outsideWindow, layer, groupHists, churnedArr, arrKnown };
    return this.evaluated;
  }

  /**
   * The slider path when one configuration scores everyone, missing
   * categories are filled (neutral or penalised) and no override is applied:
   * the evaluated snapshots' category scores are gathered once per
   * normalisation, so a weight move is one sequential pass that weighs,
   * bins and counts them — no full-frame score, no rescan.
   */
  private fastPath(config: ModelConfig, overrides: BacktestSettings['overrides']): ResolvedConfiguration | null {
    const configs = resolveConfigurations(config);
    const c = configs[0]!;
    const apply = overrides === 'apply' && this.frame.meta.overrides.length > 0;
    return configs.length === 1 && !apply && c.missing !== 'reweight' && c.categories.length <= MAX_PACKED_CATEGORIES ? c : null;
  }

  private gather(c: ResolvedConfiguration, sel: Selection): PackedRows {
    if (this.combined.length !== 1) {
      this.categories = [null];
      this.combined = [null];
    }
    const cats = this.categoryScores(0, c);
    const key = `${cats.key}|${c.missing}#${sel.key}`;
    if (this.gathered?.key !== key) this.gathered = { key, packed: packRows(this.filledFor(cats, c.missing)!, this.frame.arr, sel.rows) };
    return this.gathered.packed;
  }

  private evaluateFast(c: ResolvedConfiguration, s: BacktestSettings): Evaluated {
    const sel = this.select(s);
    const key = `fast|${weightsKey(c)}#${sel.key}`;
    if (this.evaluated?.key === key) return this.evaluated;
    const packed = this.gather(c, sel);
    const weights = c.categories.map((x) => x.weight);
    const stride = 2 * BINS;
    const groupHists = this.groups.map((gr) => new Int32Array(gr.labels.length * stride));
    const churnedArr = new Float64Array(BINS);
    sumArrByBin(packed, weights, sel.churned, churnedArr);
    if (sel.jointGroups !== null) {
      const jh = new Int32Array(sel.jointGroups * stride);
      countBins(packed, weights, sel.cells[0]!, jh);
      // Split the joint histogram back into one per dimension (mixed radix, last dimension fastest).
      const sizes = this.groups.map((gr) => Math.max(1, gr.labels.length));
      for (let q = 0; q < sel.jointGroups; q++) {
        const base = q * stride;
        let rest = q;
        for (let d = sizes.length - 1; d >= 0; d--) {
          const code = rest % sizes[d]!;
          rest = (rest - code) / sizes[d]!;
          const h = groupHists[d]!;
          const at = code * stride;
          for (let x = 0; x < stride; x++) h[at + x]! += jh[base + x]!;
        }
      }
    } else {
      // Too many combinations for one histogram: one pass per dimension.
      groupHists.forEach((h, d) => countBins(packed, weights, sel.cells[d]!, h));
    }
    // The ranking's scores, when asked for: the full-frame scores (cached per weights), picked for the selection.
    let scores: Float32Array | null = null;
    const scoresOf = () => {
      if (!scores) {
        const all = this.combine(0, c);
        // A plain loop: Float32Array.from with a mapping function took 80 ms here.
        scores = new Float32Array(sel.rows.length);
        for (let j = 0; j < sel.rows.length; j++) scores[j] = all[sel.rows[j]!]!;
      }
      return scores;
    };
    this.evaluated = { key, selectionKey: sel.key, window: sel.window, rows: sel.rows, scores: scoresOf, labels: sel.labels, month: sel.period, account: sel.account, rowLabel: sel.rowLabel, censored: sel.censored, outsideWindow: sel.outsideWindow, layer: null, groupHists, churnedArr, arrKnown: packed.arrKnown };
    return this.evaluated;
  }

  /** The evaluated snapshots for these parameters, by the fast path when it applies. */
  private evaluateFor(p: EvaluateParams): Evaluated {
    const fast = this.fastPath(p.config, p.backtest.overrides);
    return fast ? this.evaluateFast(fast, p.backtest) : this.evaluate(this.score(p.config, p.backtest.overrides), p.backtest);
  }

  /** First frame row of each period (rows are ordered by period), and one past the last. */
  private periodRange(m: number): [number, number] {
    if (!this.periodStart) {
      const np = this.frame.meta.periods.length;
      const start = new Uint32Array(np + 1).fill(this.frame.n);
      for (let i = this.frame.n - 1; i >= 0; i--) start[this.frame.period[i]!] = i;
      for (let q = np - 1; q >= 0; q--) if (start[q]! > start[q + 1]!) start[q] = start[q + 1]!;
      this.periodStart = start;
    }
    return [this.periodStart[m]!, this.periodStart[m + 1]!];
  }

  /** Accounts per configuration and bin at period m: from the full-frame histograms, or (fast path) that month's rows alone. */
  private portfolioAt(p: EvaluateParams, m: number, layers: number): PortfolioAt {
    const counts = new Int32Array(layers * BINS);
    if (m < 0) return { counts, sum: 0 };
    const fast = this.fastPath(p.config, p.backtest.overrides);
    if (!fast) {
      const scored = this.score(p.config, p.backtest.overrides);
      counts.set(scored.portfolio.counts.subarray(m * layers * BINS, (m + 1) * layers * BINS));
      return { counts, sum: scored.portfolio.sumScore[m]! };
    }
    // Cut points do not change it: kept per weights and month, so a cut move costs no rescan.
    const key = `${weightsKey(fast)}|${m}|${layers}`;
    if (this.portfolioCache?.key === key) return this.portfolioCache.value;
    // That month's rows are contiguous: score them with the shared combine on views of the filled columns.
    const [from, to] = this.periodRange(m);
    const filled = this.filledFor(this.categoryScores(0, fast), fast.missing)!.map((col) => col.subarray(from, to));
    const scores = combineScores(filled, fast.categories.map((x) => x.weight), fast.missing, to - from, filled);
    let sum = 0;
    for (const f of scores) {
      counts[scoreBin(f)]!++;
      sum += f;
    }
    this.portfolioCache = { key, value: { counts, sum } };
    return this.portfolioCache.value;
  }

  /** Alert statistics: 2-D bin histograms over the whole frame (cached per score and selection). */
  private alertStats(p: EvaluateParams, ev: Evaluated, configs: readonly ResolvedConfiguration[], tierOfBin: readonly Int8Array[]): AlertStat[] {
    const scored = this.score(p.config, p.backtest.overrides);
    // Own cut points per configuration: an account's tier also depends on which
    // configuration scored it (one may switch at day 60), so alerts are counted row by row.
    if (hasOwnCuts(configs)) return this.alertsByRow(scored, ev, configs, tierOfBin);
    const key = `${scored.key}#${this.select(p.backtest).key}`;
    if (this.alertCache?.key !== key) {
      this.neighbours ??= neighbourRows(this.frame);
      this.alertCache = { key, hist: alertHistograms(scored.bins, ev.rowLabel, this.neighbours.prev, this.neighbours.next) };
    }
    return alertsFromHistograms(p.config.tiers, this.alertCache.hist);
  }

  private rank(ev: Evaluated): Ranked {
    if (this.ranked?.key === ev.key) return this.ranked;
    const scores = ev.scores();
    const order = rankByScore(scores);
    this.ranked = { key: ev.key, selectionKey: ev.selectionKey, order, curves: thresholdFree(scores, ev.labels, order), deciles: decileMetrics(scores, ev.labels, order) };
    return this.ranked;
  }

  run(p: EvaluateParams): EvaluationResult {
    const ev = this.evaluateFor(p);
    return this.summarise(ev, this.rank(ev), p);
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
    const rk = this.ranked;
    if (!rk || rk.key === ev.key || rk.selectionKey !== ev.selectionKey) return null;
    return this.summarise(ev, rk, p);
  }

  /**
   * The slider-path part alone (scores, tiers, confusion, per group), for
   * benchmarks: everything but the ranking-based metrics.
   */
  runTierStatistics(p: EvaluateParams): { evaluated: Evaluated } {
    return { evaluated: this.evaluateFor(p) };
  }

  /** Bootstrap intervals for the current configuration (kept off the slider path: O(replicates × snapshots)). */
  intervals(p: EvaluateParams, replicates: number): Intervals {
    const run = this.bootstrap(p, replicates);
    run.step(replicates);
    return run.result();
  }

  /** A bootstrap to run in slices (see BootstrapRun). */
  bootstrap(p: EvaluateParams, replicates: number): BootstrapRun {
    const ev = this.evaluateFor(p);
    const rk = this.rank(ev);
    const atRisk = resolveConfigurations(p.config).map((c) => atRiskBins(c.tiers, p.backtest));
    const scores = ev.scores();
    const predicted = new Uint8Array(scores.length);
    for (let j = 0; j < scores.length; j++) predicted[j] = atRisk[ev.layer ? ev.layer[j]! : 0]![scoreBin(scores[j]!)]!;
    return new BootstrapRun({ scores, labels: ev.labels, predicted, account: ev.account, order: rk.order }, replicates);
  }

  private summarise(ev: Evaluated, rk: Ranked, p: EvaluateParams): EvaluationResult {
    const { config, backtest: s, asOf } = p;
    const scheme = config.tiers;
    const nt = scheme.tiers.length;
    const configs = resolveConfigurations(config);
    const L = configs.length;
    // Tier of each bin and at-risk bins per configuration: its cut points, the shared tiers.
    const tierOfBin = configs.map((c) => tierOfBins(c.tiers));
    const atRiskBin = configs.map((c) => atRiskBins(c.tiers, s));

    /** Tier counts and confusion of group g (of histogram h), over every configuration or only one. */
    const cell = (h: Int32Array, g: number, only: number | null = null) => {
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
      const tiers: TierStat[] = scheme.tiers.map((t, i) => ({ tierId: t.id, count: tierCount[i]!, churned: tierChurned[i]!, churnRate: ratio(tierChurned[i]!, tierCount[i]!) }));
      return { tiers, confusion: c };
    };

    const breakdowns = this.groups.map((g, d) => ({
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
    for (let g = 0; g < this.groups[0]!.labels.length; g++) {
      for (let k = 0; k < stride; k++) overallHist[k]! += seg[g * stride + k]!;
    }
    const overall = cell(overallHist, 0);
    const metrics = classificationMetrics(overall.confusion);
    /** Churners (y = 1) or stayers (y = 0) per score bin over every configuration. */
    const byBin = (y: number) => Array.from({ length: BINS }, (_, b) => {
      let k = 0;
      for (let l = 0; l < L; l++) k += overallHist[(l * 2 + y) * BINS + b]!;
      return k;
    });

    let arrTp = 0, arrPos = 0;
    for (let l = 0; l < L; l++) {
      for (let b = 0; b < BINS; b++) {
        const a = ev.churnedArr[l * BINS + b]!;
        arrPos += a;
        if (atRiskBin[l]![b]) arrTp += a;
      }
    }

    const m = this.frame.meta.periods.indexOf(asOf);
    const at = this.portfolioAt(p, m, L);
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

    const alerts = p.alerts === false ? null : this.alertStats(p, ev, configs, tierOfBin);
    const configurations = configs.map((c, l) => {
      const cc = cell(overallHist, 0, l);
      return { id: c.id, name: c.name, accounts: configAccounts[l]!, metrics: classificationMetrics(cc.confusion), tiers: cc.tiers };
    });

    const monotonic = isMonotonic(overall.tiers.map((t) => t.churnRate));
    const warnings = this.warnings(ev, monotonic, metrics.positives, s.minChurners);
    const overridden = m >= 0 ? this.overridesAt(m) : { active: 0, rate: 0 };
    if (overridden.rate > OVERRIDE_RATE_WARNING) {
      warnings.push({ kind: 'override-rate', message: `${(overridden.rate * 100).toFixed(1)} % of accounts carry a CSM override at ${asOf} (above ${OVERRIDE_RATE_WARNING * 100} %): the score disagrees with the team too often to be trusted as it is.` });
    }
    if (s.fittedOn && ev.window.periods.some((mo) => mo >= s.fittedOn!.from && mo <= s.fittedOn!.to)) {
      warnings.push({ kind: 'fitted-on-window', message: `The weights were fitted on ${s.fittedOn.from} – ${s.fittedOn.to}, which overlaps the evaluation window: these metrics are optimistic. Judge them on later months.` });
    }

    return {
      portfolio: {
        asOf,
        accounts,
        tierCounts: scheme.tiers.map((t, i) => ({ tierId: t.id, count: tierCounts[i]! })),
        histogram,
        meanScore: m >= 0 && accounts > 0 ? at.sum / accounts : null,
        overrides: { active: overridden.active, rate: overridden.rate },
      },
      configurations,
      backtest: {
        horizonDays: s.horizonDays,
        cadence: this.frame.meta.cadence,
        outcome: s.outcome,
        periods: ev.window.periods,
        evaluated: ev.rows.length,
        censored: ev.censored,
        outsideWindow: ev.outsideWindow,
        overall: metrics,
        arrCaptured: ev.arrKnown && arrPos > 0 ? arrTp / arrPos : null,
        tiers: overall.tiers,
        monotonic,
        breakdowns,
        auc: rk.curves.auc,
        averagePrecision: rk.curves.averagePrecision,
        roc: rk.curves.roc.map((q) => ({ ...q, threshold: Number.isFinite(q.threshold) ? q.threshold : null })),
        pr: rk.curves.pr,
        deciles: rk.deciles.deciles,
        topDecileLift: rk.deciles.topDecileLift,
        capacity: this.capacity(ev, rk, s),
        alerts,
        suggestedCuts: suggestCuts(byBin(1), byBin(0), s),
        warnings,
      },
      intervals: null,
    };
  }

  /** Alert statistics from each snapshot's tier under its own configuration's cut points. */
  private alertsByRow(scored: Scored, ev: Evaluated, configs: readonly ResolvedConfiguration[], tierOfBin: readonly Int8Array[]) {
    const f = this.frame;
    const tier = new Int8Array(f.n);
    for (let i = 0; i < f.n; i++) {
      const b = scored.bins[i]!;
      tier[i] = b < 0 ? -1 : tierOfBin[scored.assigned ? scored.assigned[i]! : 0]![b]!;
    }
    this.neighbours ??= neighbourRows(f);
    return alertBacktest(configs[configs.length - 1]!.tiers, tier, ev.rowLabel, this.neighbours.prev, this.neighbours.next);
  }

  private capacityCache: { key: string; value: ReturnType<typeof capacityMetrics> } | null = null;

  private capacity(ev: Evaluated, rk: Ranked, s: BacktestSettings) {
    const key = `${rk.key}|${s.capacityK}|${s.targetRecall}`;
    if (this.capacityCache?.key !== key) {
      this.capacityCache = { key, value: capacityMetrics(ev.labels, ev.month, this.frame.meta.periods.length, rk.order, s.capacityK, s.targetRecall) };
    }
    return this.capacityCache.value;
  }

  private warnings(ev: Evaluated, monotonic: boolean, positives: number, minChurners: number): BacktestWarning[] {
    const out: BacktestWarning[] = [];
    if (!monotonic) out.push({ kind: 'non-monotonic', message: 'Churn rate does not rise from the healthiest tier to the worst.' });
    if (positives < minChurners) out.push({ kind: 'small-sample', message: `Only ${positives} churners in the window (fewer than ${minChurners}): too few to judge.` });
    const lastMonth = ev.window.periods[ev.window.periods.length - 1];
    if (lastMonth) {
      for (const [source, last] of Object.entries(this.frame.meta.sourceLastDates)) {
        if (source === 'churn' || last === null) continue;
        const gap = (Date.parse(lastMonth) - Date.parse(last)) / 86_400_000;
        if (gap > 31) out.push({ kind: 'stale-source', message: `${source} ends on ${last}, ${Math.round(gap)} days before the last evaluated month-end (${lastMonth}): its signals are stale there.` });
      }
    }
    return out;
  }
}
