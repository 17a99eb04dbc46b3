/**
 * The model being calibrated: configuration, weight locks, backtest settings
 * and the portfolio month. Every edit goes through the engine's pure helpers,
 * so weights always sum to 100 and cut points stay ordered.
 */
import { create } from 'zustand';
import type { BacktestSettings, Defaults, ModelConfig } from '../../engine/api/schema.js';
import { setCutPoint } from '../../engine/model/cutPoints.js';
import { DEFAULT_BACKTEST } from '../../engine/model/defaults.js';
import { rebalanceWeights } from '../../engine/model/weights.js';

export interface ModelState {
  defaults: Defaults | null;
  /** Snapshot dates at the current cadence. */
  periods: string[];
  config: ModelConfig | null;
  locks: Record<string, boolean>;
  backtest: BacktestSettings;
  asOf: string;
  init(defaults: Defaults, periods: string[]): void;
  /** New snapshot dates (cadence changed): keep the as-of date if it still exists. */
  setPeriods(periods: string[]): void;
  setWeight(index: number, value: number): void;
  toggleLock(categoryId: string): void;
  setCut(index: number, value: number): void;
  setTierPreset(presetId: string): void;
  setAtRisk(tierIds: string[]): void;
  setAsOf(month: string): void;
  setBacktest(patch: Partial<BacktestSettings>): void;
  /** Adopt fitted weights, remembering the months they were fitted on. */
  applyWeights(weights: number[], fittedOn: { from: string; to: string } | null): void;
  /** Make "score < threshold" the at-risk rule by moving the cut point above the at-risk tiers. */
  applyAtRiskThreshold(threshold: number): void;
  reset(): void;
}

/** Index of the cut point that separates the at-risk tiers from the rest, when they are the worst tiers in a row. */
export function atRiskBoundary(config: ModelConfig, atRisk: readonly string[]): number | null {
  const ids = config.tiers.tiers.map((t) => t.id);
  const k = atRisk.length;
  const bottom = ids.slice(ids.length - k);
  if (k === 0 || k >= ids.length || !bottom.every((id) => atRisk.includes(id))) return null;
  return ids.length - k - 1;
}

export const useModelStore = create<ModelState>()((set, get) => ({
  defaults: null,
  periods: [],
  config: null,
  locks: {},
  backtest: DEFAULT_BACKTEST,
  asOf: '',
  init(defaults, periods) {
    set({ defaults, periods, config: defaults.config, backtest: defaults.backtest, locks: {}, asOf: periods[periods.length - 1] ?? '' });
  },
  setPeriods(periods) {
    const asOf = get().asOf;
    set({ periods, asOf: periods.includes(asOf) ? asOf : (periods[periods.length - 1] ?? '') });
  },
  setWeight(index, value) {
    const { config, locks } = get();
    if (!config) return;
    const weights = rebalanceWeights(config.categories.map((c) => ({ weight: c.weight, locked: locks[c.id] ?? false })), index, value);
    if (weights.every((w, i) => w === config.categories[i]!.weight)) return;
    // Hand-tuned weights are no longer the fitted ones.
    set((s) => ({ config: { ...config, categories: config.categories.map((c, i) => ({ ...c, weight: weights[i]! })) }, backtest: { ...s.backtest, fittedOn: null } }));
  },
  applyWeights(weights, fittedOn) {
    const { config } = get();
    if (!config || weights.length !== config.categories.length || weights.reduce((a, b) => a + b, 0) !== 100) return;
    set((s) => ({ config: { ...config, categories: config.categories.map((c, i) => ({ ...c, weight: weights[i]! })) }, backtest: { ...s.backtest, fittedOn } }));
  },
  toggleLock(categoryId) {
    set((s) => ({ locks: { ...s.locks, [categoryId]: !s.locks[categoryId] } }));
  },
  setCut(index, value) {
    const { config } = get();
    if (!config) return;
    const tiers = setCutPoint(config.tiers, index, value);
    if (tiers !== config.tiers) set({ config: { ...config, tiers } });
  },
  setTierPreset(presetId) {
    const { config, defaults, backtest } = get();
    const preset = defaults?.tierPresets.find((p) => p.id === presetId);
    if (!config || !preset || preset.id === config.tiers.id) return;
    // The worst tier is the natural "predicted to churn" set of a new scheme.
    set({ config: { ...config, tiers: preset }, backtest: { ...backtest, atRiskTiers: [preset.tiers[preset.tiers.length - 1]!.id] } });
  },
  setAtRisk(tierIds) {
    if (tierIds.length === 0) return; // an empty at-risk set predicts nothing
    set((s) => ({ backtest: { ...s.backtest, atRiskTiers: tierIds } }));
  },
  setAsOf(month) {
    if (get().periods.includes(month)) set({ asOf: month });
  },
  setBacktest(patch) {
    set((s) => ({ backtest: { ...s.backtest, ...patch } }));
  },
  applyAtRiskThreshold(threshold) {
    const { config, backtest } = get();
    if (!config) return;
    if (backtest.atRiskBelow !== null && backtest.atRiskBelow !== undefined) {
      get().setBacktest({ atRiskBelow: threshold });
      return;
    }
    const boundary = atRiskBoundary(config, backtest.atRiskTiers);
    if (boundary !== null) get().setCut(boundary, threshold);
  },
  reset() {
    const { defaults, periods, backtest } = get();
    if (!defaults) return;
    // Keep the cadence: its snapshots are what is loaded.
    get().init(defaults, periods);
    set((s) => ({ backtest: { ...s.backtest, cadence: backtest.cadence }, asOf: periods[periods.length - 1] ?? '' }));
  },
}));
