/**
 * Starting points for a new configuration. Segment, plan and ARR-band
 * configurations start as copies of the default (then get their own
 * weights); the onboarding one is built for accounts too young for trends:
 * a 90-day baseline does not exist in the first 60 days, so it scores
 * adoption (breadth, seats, training), first support experience and paying
 * on time instead.
 */
import type { AssignmentRule, Category, ModelConfig, Variant } from '../api/schema.js';
import { ONBOARDING_DAYS } from '../snapshots/frame.js';
import { DEFAULT_CONFIGURATION_ID } from './configurations.js';

// Built by a function rather than held in a module-level constant, so mutation testing can switch it per test.
function onboardingCategories(): Category[] {
  return [
    {
      id: 'adoption',
      name: 'Adoption',
      weight: 50,
      signals: [
        { signal: 'feature_breadth', weight: 1, normalisation: { kind: 'linear', worst: 0.15, best: 0.5 } },
        { signal: 'seat_utilisation', weight: 1, normalisation: { kind: 'linear', worst: 0.2, best: 0.6 } },
        // Where the usage export counts trainings; unavailable (and left out of the average) where it does not.
        {
          signal: 'training_completions',
          weight: 1,
          normalisation: { kind: 'bands', edges: [1, 3], scores: [20, 70, 100] },
        },
      ],
    },
    {
      id: 'support',
      name: 'First support experience',
      weight: 30,
      signals: [
        { signal: 'csat_last5', weight: 1, normalisation: { kind: 'linear', worst: 3, best: 5 } },
        { signal: 'escalations_3m', weight: 1, normalisation: { kind: 'bands', edges: [1, 2], scores: [100, 50, 0] } },
        { signal: 'open_tickets', weight: 1, normalisation: { kind: 'bands', edges: [2, 5], scores: [100, 60, 20] } },
      ],
    },
    {
      id: 'billing',
      name: 'Billing',
      weight: 20,
      signals: [
        {
          signal: 'max_days_overdue',
          weight: 1,
          normalisation: { kind: 'bands', edges: [1, 31, 61], scores: [100, 60, 30, 0] },
        },
      ],
    },
  ];
}

/** An id not yet used by the model, from a name ("Enterprise accounts" → "enterprise-accounts", then "-2"…). */
export function freshVariantId(config: ModelConfig, name: string): string {
  const base = (
    name
      .toLowerCase()
      .normalize('NFKD')
      // NFKD splits "é" into "e" and a combining accent: drop the accent, or it would become a hyphen.
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'configuration'
  ).replace(/^[^a-z]+/, 'c-');
  const taken = new Set([DEFAULT_CONFIGURATION_ID, ...(config.variants ?? []).map((v) => v.id)]);
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
  return id;
}

export type VariantTemplate =
  | { kind: 'onboarding' }
  | { kind: 'segment'; value: string }
  | { kind: 'plan'; value: string }
  | { kind: 'arr'; min: number };

/** The configuration for accounts in their first 60 days (part of the default model, and a template). */
export function onboardingVariant(config: ModelConfig): Variant {
  return {
    id: freshVariantId(config, 'onboarding'),
    name: `Onboarding (first ${ONBOARDING_DAYS} days)`,
    when: { ageDaysBelow: ONBOARDING_DAYS },
    categories: onboardingCategories(),
  };
}

export function variantFromTemplate(config: ModelConfig, t: VariantTemplate): Variant {
  let name: string, when: AssignmentRule;
  switch (t.kind) {
    case 'onboarding':
      return onboardingVariant(config);
    case 'segment':
      name = t.value;
      when = { segments: [t.value] };
      break;
    case 'plan':
      name = `${t.value} plan`;
      when = { plans: [t.value] };
      break;
    case 'arr':
      name = `ARR ${t.min.toLocaleString('en-US')} and above`;
      when = { arrMin: t.min };
      break;
  }
  return { id: freshVariantId(config, name), name, when, categories: config.categories };
}
