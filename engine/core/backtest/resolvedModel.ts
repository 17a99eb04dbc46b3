/**
 * A model config resolved once per edit: its configurations and the keys
 * that say what each stage of the pipeline depends on, made once instead of
 * re-serialised by every stage that checks its cache.
 */
import type { Category, ModelConfig } from '../api/schema.js';
import { hasOwnCuts, resolveConfigurations, type ResolvedConfiguration } from '../model/configurations.js';
import { tierOfBins } from '../scoring/tiers.js';

export interface ResolvedModel {
  readonly config: ModelConfig;
  readonly configs: readonly ResolvedConfiguration[];
  /** Per configuration: what its category scores depend on (signals, normalisation, baseline). */
  readonly categoryKeys: readonly string[];
  /** Per configuration: what its combined score depends on (the above, weights, missing-data policy). */
  readonly weightsKeys: readonly string[];
  /** What the assignment of snapshots to configurations depends on: the variants' rules. */
  readonly assignmentKey: string;
  /** What every snapshot's score depends on: all weights and the assignment rules. */
  readonly scoreKey: string;
  /** The same with overrides applied: a tier override's score depends on the cut points too. */
  readonly scoreKeyWithOverrides: string;
  /** Per configuration: the tier of each score bin under its cut points. */
  readonly tierOfBin: readonly Int8Array[];
  /** Some variant has cut points of its own (tiers then depend on which configuration scored a row). */
  readonly ownCuts: boolean;
}

// A function declaration, not a module-level arrow: Stryker can switch its mutants per test.
function normalisationKey(categories: readonly Category[]): string {
  return JSON.stringify(categories.map((k) => [k.id, k.signals]));
}

export function resolveModel(config: ModelConfig): ResolvedModel {
  const configs = resolveConfigurations(config);
  const categoryKeys = configs.map((c) => `${normalisationKey(c.categories)}|${c.baseline}`);
  const weightsKeys = configs.map(
    (c, k) => `${categoryKeys[k]}|${c.categories.map((x) => x.weight).join(',')}|${c.missing}`,
  );
  const assignmentKey = JSON.stringify(configs.map((c) => c.when));
  const cutsKey = JSON.stringify(configs.map((c) => c.tiers.tiers.map((t) => [t.id, t.name, t.min])));
  const scoreKey = `${weightsKeys.join('||')}#${assignmentKey}`;
  return {
    config,
    configs,
    categoryKeys,
    weightsKeys,
    assignmentKey,
    scoreKey,
    scoreKeyWithOverrides: `${scoreKey}|overrides|${cutsKey}`,
    tierOfBin: configs.map((c) => tierOfBins(c.tiers)),
    ownCuts: hasOwnCuts(configs),
  };
}
