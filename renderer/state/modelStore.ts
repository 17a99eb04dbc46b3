/**
 * The model being calibrated: configuration, weight locks, backtest settings
 * and the portfolio month. Every edit goes through the engine's pure helpers,
 * so weights always sum to 100 and cut points stay ordered.
 */
import { create } from 'zustand';
import {
  ModelConfigSchema,
  type AssignmentRule,
  type Baseline,
  type BacktestSettings,
  type Category,
  type CustomSignal,
  type Defaults,
  type ModelConfig,
  type TierScheme,
} from '../../engine/core/api/schema.js';
import {
  DEFAULT_CONFIGURATION_ID,
  editableConfiguration,
  withEditedConfiguration,
} from '../../engine/core/model/configurations.js';
import { setCutPoint } from '../../engine/core/model/cutPoints.js';
import { variantFromTemplate, type VariantTemplate } from '../../engine/core/model/variantTemplates.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { rebalanceWeights } from '../../engine/core/model/weights.js';

/** What undo and redo restore: the model and the backtest design. */
export interface ModelEdit {
  config: ModelConfig;
  backtest: BacktestSettings;
}

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
  /**
   * The configuration the weight, category, policy and cut-point controls
   * edit: 'default' or a variant's id. An id the model no longer has (after
   * undo or loading a scenario) reads as the default.
   */
  editing: string;
  setEditing(id: string): void;
  /** Add a configuration from a template and start editing it. */
  addVariant(template: VariantTemplate): void;
  /** Rename a variant or change its rule; returns the problems when the result would not validate. */
  updateVariant(id: string, patch: { name?: string; when?: AssignmentRule }): string[];
  removeVariant(id: string): void;
  /** Move a variant one place earlier (-1) or later (+1) in the match order. */
  moveVariant(id: string, by: -1 | 1): void;
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
   * With `customSignals`, the model's custom signal definitions are replaced in the same edit
   * (they are the whole model's, shared by its configurations).
   */
  setCategories(categories: Category[], customSignals?: CustomSignal[]): string[];
  /** How a category without data is scored: neutral 50, re-weight the rest, or penalise (0). */
  setMissing(policy: ModelConfig['missing']): void;
  /** What usage trends compare with: the trailing baseline or the same period last year. */
  setBaseline(baseline: Baseline): void;
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

/** Zod issues as "variants[0].categories[1].weight: message". */
const problemsOf = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map(
    (i) =>
      `${i.path
        .map(String)
        .join('.')
        .replace(/\.(\d+)/g, '[$1]')}: ${i.message}`,
  );

const editableCache = new WeakMap<ModelConfig, Map<string, ModelConfig>>();

/**
 * The configuration being edited, as a plain single model. Memoised per
 * (config, id) so selectors can return its parts without re-rendering loops.
 */
export function editableOf(s: Pick<ModelState, 'config' | 'editing'>): ModelConfig | null {
  if (!s.config) return null;
  let byId = editableCache.get(s.config);
  if (!byId) editableCache.set(s.config, (byId = new Map()));
  let view = byId.get(s.editing);
  if (!view) byId.set(s.editing, (view = editableConfiguration(s.config, s.editing)));
  return view;
}

/** The id of the configuration being edited, 'default' when the stored one is gone. */
export const editingId = (s: Pick<ModelState, 'config' | 'editing'>): string =>
  s.config?.variants?.some((v) => v.id === s.editing) ? s.editing : DEFAULT_CONFIGURATION_ID;

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
  /** Apply an edit of the configuration being edited, written back into the model. */
  const commitEditable = (
    key: string,
    edit: (view: ModelConfig) => ModelConfig | null,
    backtest?: Partial<BacktestSettings>,
  ) => {
    const s = get();
    const view = editableOf(s);
    if (!s.config || !view) return;
    const edited = edit(view);
    if (!edited || edited === view) return;
    const id = editingId(s);
    commit(`${key}@${id}`, {
      config: withEditedConfiguration(s.config, id, edited),
      ...(backtest ? { backtest: { ...s.backtest, ...backtest } } : {}),
    });
  };
  /** Like commitEditable, but only if the whole model still validates; returns the problems otherwise. */
  const commitValidated = (
    key: string,
    edited: (view: ModelConfig) => ModelConfig,
    backtest?: (config: ModelConfig) => Partial<BacktestSettings>,
    whole: (config: ModelConfig) => ModelConfig = (c) => c,
  ): string[] => {
    const s = get();
    const view = editableOf(s);
    if (!s.config || !view) return ['no model loaded'];
    const parsed = ModelConfigSchema.safeParse(whole(withEditedConfiguration(s.config, editingId(s), edited(view))));
    if (!parsed.success) return problemsOf(parsed.error.issues);
    commit(`${key}:${Date.now()}`, {
      config: parsed.data,
      backtest: { ...s.backtest, ...(backtest ? backtest(parsed.data) : {}) },
    });
    return [];
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
    editing: DEFAULT_CONFIGURATION_ID,
    setEditing(id) {
      set({ editing: id });
    },
    addVariant(template) {
      const { config } = get();
      if (!config) return;
      const variant = variantFromTemplate(config, template);
      commit(`add-variant:${Date.now()}`, { config: { ...config, variants: [...(config.variants ?? []), variant] } });
      set({ editing: variant.id });
    },
    updateVariant(id, patch) {
      const { config } = get();
      const i = config?.variants?.findIndex((v) => v.id === id) ?? -1;
      if (!config || i < 0) return ['no such configuration'];
      const variants = config.variants!.map((v, k) => (k === i ? { ...v, ...patch } : v));
      const parsed = ModelConfigSchema.safeParse({ ...config, variants });
      if (!parsed.success) return problemsOf(parsed.error.issues);
      commit(`variant:${id}:${Date.now()}`, { config: parsed.data });
      return [];
    },
    removeVariant(id) {
      const { config } = get();
      if (!config?.variants?.some((v) => v.id === id)) return;
      const variants = config.variants.filter((v) => v.id !== id);
      const next: ModelConfig = { ...config, variants };
      if (variants.length === 0) delete next.variants;
      commit(`remove-variant:${Date.now()}`, { config: next });
      set({ editing: DEFAULT_CONFIGURATION_ID });
    },
    moveVariant(id, by) {
      const { config } = get();
      const i = config?.variants?.findIndex((v) => v.id === id) ?? -1;
      const j = i + by;
      if (!config || i < 0 || j < 0 || j >= config.variants!.length) return;
      const variants = config.variants!.slice();
      [variants[i], variants[j]] = [variants[j]!, variants[i]!];
      commit(`move-variant:${Date.now()}`, { config: { ...config, variants } });
    },
    locks: {},
    backtest: DEFAULT_BACKTEST,
    asOf: '',
    init(defaults, periods) {
      set({
        defaults,
        periods,
        config: defaults.config,
        editing: DEFAULT_CONFIGURATION_ID,
        backtest: defaults.backtest,
        locks: {},
        asOf: periods[periods.length - 1] ?? '',
        past: [],
        future: [],
        lastEdit: null,
      });
    },
    setPeriods(periods) {
      const asOf = get().asOf;
      set({ periods, asOf: periods.includes(asOf) ? asOf : (periods[periods.length - 1] ?? '') });
    },
    setCategories(categories, customSignals) {
      return commitValidated(
        'categories',
        (view) => ({ ...view, categories }),
        () => ({ fittedOn: null }),
        (config) => {
          if (!customSignals) return config;
          const { customSignals: _old, ...rest } = config;
          return customSignals.length > 0 ? { ...rest, customSignals } : rest;
        },
      );
    },
    setMissing(policy) {
      commitEditable('missing', (view) => (view.missing === policy ? null : { ...view, missing: policy }));
    },
    setBaseline(baseline) {
      commitEditable('baseline', (view) => ((view.baseline ?? 'trailing') === baseline ? null : { ...view, baseline }));
    },
    setWeight(index, value) {
      const { locks } = get();
      // Hand-tuned weights are no longer the fitted ones.
      commitEditable(
        `weight:${index}`,
        (view) => {
          const weights = rebalanceWeights(
            view.categories.map((c) => ({ weight: c.weight, locked: locks[c.id] ?? false })),
            index,
            value,
          );
          if (weights.every((w, i) => w === view.categories[i]!.weight)) return null;
          return { ...view, categories: view.categories.map((c, i) => ({ ...c, weight: weights[i]! })) };
        },
        { fittedOn: null },
      );
    },
    applyWeights(weights, fittedOn) {
      commitEditable(
        'apply-weights',
        (view) => {
          if (weights.length !== view.categories.length || weights.reduce((a, b) => a + b, 0) !== 100) return null;
          return { ...view, categories: view.categories.map((c, i) => ({ ...c, weight: weights[i]! })) };
        },
        // What the suggestion fitted, so the overlap warning names it.
        { fittedOn: fittedOn && { ...fittedOn, fitted: 'weights' } },
      );
    },
    toggleLock(categoryId) {
      set((s) => ({ locks: { ...s.locks, [categoryId]: !s.locks[categoryId] } }));
    },
    setCut(index, value) {
      commitEditable(`cut:${index}`, (view) => {
        const tiers = setCutPoint(view.tiers, index, value);
        return tiers === view.tiers ? null : { ...view, tiers };
      });
    },
    setTierPreset(presetId) {
      const { config, defaults, backtest } = get();
      const preset = defaults?.tierPresets.find((p) => p.id === presetId);
      if (!config || !preset || preset.id === config.tiers.id) return;
      // One tier vocabulary for every configuration: the preset replaces the default's scheme
      // (variants keep their own cut points only if the number of tiers stays the same).
      // The worst tier is the natural "predicted to churn" set of a new scheme.
      commit('tier-preset', {
        config: withEditedConfiguration(config, DEFAULT_CONFIGURATION_ID, { ...config, tiers: preset }),
        backtest: { ...backtest, atRiskTiers: [preset.tiers[preset.tiers.length - 1]!.id] },
      });
    },
    setTiers(tiers) {
      return commitValidated(
        'tiers',
        (view) => ({ ...view, tiers }),
        (config) => {
          const ids = config.tiers.tiers.map((t) => t.id);
          const kept = get().backtest.atRiskTiers.filter((id) => ids.includes(id));
          return { atRiskTiers: kept.length > 0 ? kept : [ids[ids.length - 1]!] };
        },
      );
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
      // setCut moves the cut point of the configuration being edited.
      if (boundary !== null) get().setCut(boundary, threshold);
    },
    reset() {
      const { defaults, backtest } = get();
      if (!defaults) return;
      // Keep the cadence: its snapshots are what is loaded. Undoable like any edit.
      commit('reset', { config: defaults.config, backtest: { ...defaults.backtest, cadence: backtest.cadence } });
      set({ locks: {}, editing: DEFAULT_CONFIGURATION_ID });
    },
  };
});
