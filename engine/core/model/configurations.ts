/**
 * A model holds one default configuration and, optionally, variants with
 * assignment rules. Scoring, tiers and explanations work on "resolved"
 * configurations: each variant with its inherited parts filled in, in match
 * order, the default last (it scores whoever no rule matched).
 */
import type { Baseline, Category, MissingPolicy, ModelConfig, TierScheme, Variant } from '../api/schema.js';

export const DEFAULT_CONFIGURATION_ID = 'default';

export interface ResolvedConfiguration {
  id: string;
  name: string;
  categories: Category[];
  missing: MissingPolicy;
  baseline: Baseline;
  /** The shared tiers with this configuration's cut points. */
  tiers: TierScheme;
  /** The variant's rule; null for the default. */
  when: Variant['when'] | null;
}

/** The shared tier scheme with a variant's own lower bounds. */
export function tiersWithCuts(scheme: TierScheme, cuts: readonly number[] | undefined): TierScheme {
  if (!cuts || cuts.every((m, k) => m === scheme.tiers[k]!.min)) return scheme;
  return { ...scheme, tiers: scheme.tiers.map((t, k) => ({ ...t, min: cuts[k]! })) };
}

/** Variants in match order, then the default. With no variants: just the default. */
export function resolveConfigurations(config: ModelConfig): ResolvedConfiguration[] {
  const variants = (config.variants ?? []).map((v): ResolvedConfiguration => ({
    id: v.id,
    name: v.name,
    categories: v.categories,
    missing: v.missing ?? config.missing,
    baseline: v.baseline ?? config.baseline ?? 'trailing',
    tiers: tiersWithCuts(config.tiers, v.cuts),
    when: v.when,
  }));
  return [
    ...variants,
    {
      id: DEFAULT_CONFIGURATION_ID,
      name: 'Default',
      categories: config.categories,
      missing: config.missing,
      baseline: config.baseline ?? 'trailing',
      tiers: config.tiers,
      when: null,
    },
  ];
}

/** True when some variant has cut points of its own: tiers then depend on which configuration scored the row. */
export function hasOwnCuts(configs: readonly ResolvedConfiguration[]): boolean {
  const base = configs[configs.length - 1]!.tiers;
  return configs.some((c) => c.tiers !== base);
}

/**
 * One configuration seen as a plain single model (its categories, policy and
 * cut points in place of the default's), so the same editors serve all of them.
 */
export function editableConfiguration(config: ModelConfig, id: string): ModelConfig {
  const v = config.variants?.find((x) => x.id === id);
  if (!v) return config;
  const view: ModelConfig = {
    schemaVersion: config.schemaVersion,
    name: config.name,
    categories: v.categories,
    tiers: tiersWithCuts(config.tiers, v.cuts),
    missing: v.missing ?? config.missing,
  };
  const baseline = v.baseline ?? config.baseline;
  if (baseline) view.baseline = baseline;
  return view;
}

/**
 * Write an edited single-model view back into configuration `id`. Tier names,
 * colours and playbooks are shared, so only the default's edits change them;
 * a variant keeps its edited cut points as its own.
 */
export function withEditedConfiguration(config: ModelConfig, id: string, edited: ModelConfig): ModelConfig {
  const i = config.variants?.findIndex((x) => x.id === id) ?? -1;
  if (i < 0) {
    const next: ModelConfig = {
      ...config,
      categories: edited.categories,
      missing: edited.missing,
      tiers: edited.tiers,
    };
    if (edited.baseline) next.baseline = edited.baseline;
    else delete next.baseline;
    // A change in the number of tiers leaves the variants' cut points meaningless: they inherit again.
    if (config.variants && edited.tiers.tiers.length !== config.tiers.tiers.length) {
      next.variants = config.variants.map(({ cuts: _drop, ...v }) => v);
    }
    return next;
  }
  // Names, colours, playbooks or the number of tiers changed while editing a variant: they are shared, so the default takes them.
  const shared = (t: TierScheme) => JSON.stringify([t.id, t.name, t.tiers.map(({ min: _min, ...rest }) => rest)]);
  let base = config;
  if (shared(edited.tiers) !== shared(config.tiers)) {
    const sameCount = edited.tiers.tiers.length === config.tiers.tiers.length;
    const tiers = sameCount
      ? { ...edited.tiers, tiers: edited.tiers.tiers.map((t, k) => ({ ...t, min: config.tiers.tiers[k]!.min })) }
      : edited.tiers;
    base = withEditedConfiguration(config, DEFAULT_CONFIGURATION_ID, { ...config, tiers });
  }
  const old = base.variants![i]!;
  const cuts = edited.tiers.tiers.map((t) => t.min);
  const ownCuts = cuts.some((m, k) => m !== base.tiers.tiers[k]!.min);
  const variant: Variant = { id: old.id, name: old.name, when: old.when, categories: edited.categories };
  if (edited.missing !== base.missing || old.missing !== undefined) variant.missing = edited.missing;
  const editedBaseline = edited.baseline ?? 'trailing';
  if (editedBaseline !== (base.baseline ?? 'trailing') || old.baseline !== undefined) variant.baseline = editedBaseline;
  if (ownCuts) variant.cuts = cuts;
  const variants = base.variants!.slice();
  variants[i] = variant;
  return { ...base, variants };
}

/** A rule in words: "Segment Enterprise · ARR 100,000 to below 500,000 · younger than 60 days". */
export function describeRule(rule: Variant['when']): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts: string[] = [];
  if (rule.segments) parts.push(`segment ${rule.segments.join(' or ')}`);
  if (rule.plans) parts.push(`plan ${rule.plans.join(' or ')}`);
  if (rule.regions) parts.push(`region ${rule.regions.join(' or ')}`);
  if (rule.arrMin !== undefined && rule.arrBelow !== undefined)
    parts.push(`ARR ${n(rule.arrMin)} to below ${n(rule.arrBelow)}`);
  else if (rule.arrMin !== undefined) parts.push(`ARR ${n(rule.arrMin)} or more`);
  else if (rule.arrBelow !== undefined) parts.push(`ARR below ${n(rule.arrBelow)}`);
  if (rule.ageDaysBelow !== undefined) parts.push(`younger than ${rule.ageDaysBelow} days`);
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
