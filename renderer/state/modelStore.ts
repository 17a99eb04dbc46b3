/**
 * The model being calibrated: configuration, weight locks, backtest settings
 * and the portfolio month. Every edit goes through the engine's pure helpers,
 * so weights always sum to 100 and cut points stay ordered.
 */
import { create } from 'zustand';
import type { BacktestSettings, Defaults, ModelConfig } from '../../engine/api/schema.js';
import { setCutPoint } from '../../engine/model/cutPoints.js';
import { rebalanceWeights } from '../../engine/model/weights.js';

export interface ModelState {
  defaults: Defaults | null;
  months: string[];
  config: ModelConfig | null;
  locks: Record<string, boolean>;
  backtest: BacktestSettings;
  asOf: string;
  init(defaults: Defaults, months: string[]): void;
  setWeight(index: number, value: number): void;
  toggleLock(categoryId: string): void;
  setCut(index: number, value: number): void;
  setTierPreset(presetId: string): void;
  setAtRisk(tierIds: string[]): void;
  setAsOf(month: string): void;
  reset(): void;
}

export const useModelStore = create<ModelState>()((set, get) => ({
  defaults: null,
  months: [],
  config: null,
  locks: {},
  backtest: { horizonDays: 90, atRiskTiers: ['red'] },
  asOf: '',
  init(defaults, months) {
    set({ defaults, months, config: defaults.config, backtest: defaults.backtest, locks: {}, asOf: months[months.length - 1] ?? '' });
  },
  setWeight(index, value) {
    const { config, locks } = get();
    if (!config) return;
    const weights = rebalanceWeights(config.categories.map((c) => ({ weight: c.weight, locked: locks[c.id] ?? false })), index, value);
    if (weights.every((w, i) => w === config.categories[i]!.weight)) return;
    set({ config: { ...config, categories: config.categories.map((c, i) => ({ ...c, weight: weights[i]! })) } });
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
    if (get().months.includes(month)) set({ asOf: month });
  },
  reset() {
    const { defaults, months } = get();
    if (defaults) get().init(defaults, months);
  },
}));
