/**
 * The model being calibrated: configuration, weight locks, backtest settings
 * and the portfolio month. Every edit goes through the engine's pure helpers,
 * so weights always sum to 100 and cut points stay ordered.
 */
import { create } from 'zustand';
import { ModelConfigSchema, type BacktestSettings, type Category, type Defaults, type ModelConfig, type TierScheme } from '../../engine/api/schema.js';
import { setCutPoint } from '../../engine/model/cutPoints.js';
import { DEFAULT_BACKTEST } from '../../engine/model/defaults.js';
import { rebalanceWeights } from '../../engine/model/weights.js';

/** What undo and redo restore: the model and the backtest design. */
export interface ModelEdit { config: ModelConfig; backtest: BacktestSettings }

export interface ModelState {
  past: ModelEdit[];
  future: ModelEdit[];
  /** The last edit, so one slider drag becomes one undo step. */
  lastEdit: { key: string; at: number } | null;
  undo(): void;
  redo(): void;
  /** Replace the model (e.g. loading a saved scenario) as one undoable edit. */
  load(edit: ModelEdit): void;
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
  /** Replace the tier scheme (names, colours, playbooks, count) if it validates; returns the problems otherwise. */
  setTiers(tiers: TierScheme): string[];
  setAtRisk(tierIds: string[]): void;
  setAsOf(month: string): void;
  setBacktest(patch: Partial<BacktestSettings>): void;
  /** Adopt fitted weights, remembering the months they were fitted on. */
  applyWeights(weights: number[], fittedOn: { from: string; to: string } | null): void;
  /**
   * Replace the categories (signals, normalisation, names, added or removed
   * categories) as one undoable edit, only if the result validates; returns
   * the problems otherwise ("categories[1].signals[0].normalisation.edges: …").
   */
  setCategories(categories: Category[]): string[];
  /** How a category without data is scored: neutral 50, re-weight the rest, or penalise (0). */
  setMissing(policy: ModelConfig['missing']): void;
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

const HISTORY = 200;
const COALESCE_MS = 700;

export const useModelStore = create<ModelState>()((set, get) => {
  /** Apply an edit and record the state before it (merged with the previous edit of the same control). */
  const commit = (key: string, next: Partial<ModelEdit>) => {
    const s = get();
    if (!s.config) return;
    const now = Date.now();
    const merge = s.lastEdit !== null && s.lastEdit.key === key && now - s.lastEdit.at < COALESCE_MS;
    const past = merge ? s.past : [...s.past, { config: s.config, backtest: s.backtest }].slice(-HISTORY);
    set({ ...next, past, future: [], lastEdit: { key, at: now } });
  };
  return {
  past: [],
  future: [],
  lastEdit: null,
  undo() {
    const { past, future, config, backtest } = get();
    const prev = past[past.length - 1];
    if (!prev || !config) return;
    set({ ...prev, past: past.slice(0, -1), future: [{ config, backtest }, ...future], lastEdit: null });
  },
  redo() {
    const { past, future, config, backtest } = get();
    const next = future[0];
    if (!next || !config) return;
    set({ ...next, past: [...past, { config, backtest }], future: future.slice(1), lastEdit: null });
  },
  load(edit) {
    commit(`load:${Date.now()}`, edit);
  },
  defaults: null,
  periods: [],
  config: null,
  locks: {},
  backtest: DEFAULT_BACKTEST,
  asOf: '',
  init(defaults, periods) {
    set({ defaults, periods, config: defaults.config, backtest: defaults.backtest, locks: {}, asOf: periods[periods.length - 1] ?? '', past: [], future: [], lastEdit: null });
  },
  setPeriods(periods) {
    const asOf = get().asOf;
    set({ periods, asOf: periods.includes(asOf) ? asOf : (periods[periods.length - 1] ?? '') });
  },
  setCategories(categories) {
    const { config } = get();
    if (!config) return ['no model loaded'];
    const parsed = ModelConfigSchema.safeParse({ ...config, categories });
    if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.').replace(/\.(\d+)/g, '[$1]')}: ${i.message}`);
    commit(`categories:${Date.now()}`, { config: parsed.data, backtest: { ...get().backtest, fittedOn: null } });
    return [];
  },
  setMissing(policy) {
    const { config } = get();
    if (!config || config.missing === policy) return;
    commit('missing', { config: { ...config, missing: policy } });
  },
  setWeight(index, value) {
    const { config, locks } = get();
    if (!config) return;
    const weights = rebalanceWeights(config.categories.map((c) => ({ weight: c.weight, locked: locks[c.id] ?? false })), index, value);
    if (weights.every((w, i) => w === config.categories[i]!.weight)) return;
    // Hand-tuned weights are no longer the fitted ones.
    commit(`weight:${index}`, { config: { ...config, categories: config.categories.map((c, i) => ({ ...c, weight: weights[i]! })) }, backtest: { ...get().backtest, fittedOn: null } });
  },
  applyWeights(weights, fittedOn) {
    const { config } = get();
    if (!config || weights.length !== config.categories.length || weights.reduce((a, b) => a + b, 0) !== 100) return;
    commit('apply-weights', { config: { ...config, categories: config.categories.map((c, i) => ({ ...c, weight: weights[i]! })) }, backtest: { ...get().backtest, fittedOn } });
  },
  toggleLock(categoryId) {
    set((s) => ({ locks: { ...s.locks, [categoryId]: !s.locks[categoryId] } }));
  },
  setCut(index, value) {
    const { config } = get();
    if (!config) return;
    const tiers = setCutPoint(config.tiers, index, value);
    if (tiers !== config.tiers) commit(`cut:${index}`, { config: { ...config, tiers } });
  },
  setTierPreset(presetId) {
    const { config, defaults, backtest } = get();
    const preset = defaults?.tierPresets.find((p) => p.id === presetId);
    if (!config || !preset || preset.id === config.tiers.id) return;
    // The worst tier is the natural "predicted to churn" set of a new scheme.
    commit('tier-preset', { config: { ...config, tiers: preset }, backtest: { ...backtest, atRiskTiers: [preset.tiers[preset.tiers.length - 1]!.id] } });
  },
  setTiers(tiers) {
    const { config, backtest } = get();
    if (!config) return ['no model loaded'];
    const parsed = ModelConfigSchema.safeParse({ ...config, tiers });
    if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.').replace(/\.(\d+)/g, '[$1]')}: ${i.message}`);
    const ids = parsed.data.tiers.tiers.map((t) => t.id);
    const kept = backtest.atRiskTiers.filter((id) => ids.includes(id));
    commit(`tiers:${Date.now()}`, { config: parsed.data, backtest: { ...backtest, atRiskTiers: kept.length > 0 ? kept : [ids[ids.length - 1]!] } });
    return [];
  },
  setAtRisk(tierIds) {
    if (tierIds.length === 0) return; // an empty at-risk set predicts nothing
    commit('at-risk', { backtest: { ...get().backtest, atRiskTiers: tierIds } });
  },
  setAsOf(month) {
    if (get().periods.includes(month)) set({ asOf: month });
  },
  setBacktest(patch) {
    commit(`backtest:${Object.keys(patch).sort().join(',')}`, { backtest: { ...get().backtest, ...patch } });
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
    const { defaults, backtest } = get();
    if (!defaults) return;
    // Keep the cadence: its snapshots are what is loaded. Undoable like any edit.
    commit('reset', { config: defaults.config, backtest: { ...defaults.backtest, cadence: backtest.cadence } });
    set({ locks: {} });
  },
  };
});
