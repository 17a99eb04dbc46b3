/**
 * New configurations from a template ("Add configuration" in the model editor):
 * the id made from the name, the rule each template sets, and the onboarding
 * configuration built for accounts too young for trends.
 */
import { describe, expect, it } from 'vitest';
import { ModelConfigSchema, type ModelConfig } from '../../engine/core/api/schema.js';
import { freshVariantId, onboardingVariant, variantFromTemplate } from '../../engine/core/model/variantTemplates.js';
import { simpleConfig } from './frames.js';

const base: ModelConfig = simpleConfig(60, 40);
const withVariants = (...ids: string[]): ModelConfig => ({
  ...base,
  variants: ids.map((id) => ({ id, name: id, when: { segments: ['X'] }, categories: base.categories })),
});

describe('the id of a new configuration', () => {
  it('is the name in lower case, runs of other characters one hyphen, none at either end', () => {
    expect(freshVariantId(base, 'Enterprise accounts')).toBe('enterprise-accounts');
    expect(freshVariantId(base, '  --Mid  Market!! ')).toBe('mid-market');
    expect(freshVariantId(base, 'ARR 100,000 and above')).toBe('arr-100-000-and-above');
  });
  it('drops accents rather than the letters under them', () => {
    expect(freshVariantId(base, 'Écoles publiques')).toBe('ecoles-publiques');
  });
  it('starts with a letter: a leading digit or hyphen becomes "c-"', () => {
    expect(freshVariantId(base, '2026 cohort')).toBe('c-cohort');
  });
  it('is "configuration" when the name has no letter or digit', () => {
    expect(freshVariantId(base, '!!!')).toBe('configuration');
    expect(freshVariantId(base, '')).toBe('configuration');
  });
  it('never reuses the default’s id or a variant’s: -2, -3… until free', () => {
    expect(freshVariantId(base, 'Default')).toBe('default-2');
    expect(freshVariantId(withVariants('smb', 'smb-2'), 'SMB')).toBe('smb-3');
    expect(freshVariantId(withVariants('smb-2'), 'SMB')).toBe('smb');
  });
});

describe('configurations from a template', () => {
  it('a segment: named for it, matching it, starting from the default’s categories', () => {
    expect(variantFromTemplate(base, { kind: 'segment', value: 'SMB' })).toEqual({
      id: 'smb',
      name: 'SMB',
      when: { segments: ['SMB'] },
      categories: base.categories,
    });
  });
  it('a plan', () => {
    expect(variantFromTemplate(base, { kind: 'plan', value: 'Pro' })).toEqual({
      id: 'pro-plan',
      name: 'Pro plan',
      when: { plans: ['Pro'] },
      categories: base.categories,
    });
  });
  it('an ARR band from a minimum, written with thousands separators', () => {
    expect(variantFromTemplate(base, { kind: 'arr', min: 250000 })).toEqual({
      id: 'arr-250-000-and-above',
      name: 'ARR 250,000 and above',
      when: { arrMin: 250000 },
      categories: base.categories,
    });
  });
  it('onboarding: the onboarding configuration, with a fresh id when "onboarding" is taken', () => {
    expect(variantFromTemplate(base, { kind: 'onboarding' })).toEqual(onboardingVariant(base));
    expect(variantFromTemplate(withVariants('onboarding'), { kind: 'onboarding' }).id).toBe('onboarding-2');
  });
});

describe('the onboarding configuration', () => {
  // Made in each test, not while the tests are collected: mutation testing switches a mutant on per test.
  it('scores accounts younger than 60 days', () => {
    const v = onboardingVariant(base);
    expect([v.id, v.name]).toEqual(['onboarding', 'Onboarding (first 60 days)']);
    expect(v.when).toEqual({ ageDaysBelow: 60 });
  });
  it('scores adoption, the first support experience and paying on time, not trends (no 90-day baseline yet)', () => {
    const v = onboardingVariant(base);
    expect(v.categories.map((c) => [c.id, c.name, c.weight])).toEqual([
      ['adoption', 'Adoption', 50],
      ['support', 'First support experience', 30],
      ['billing', 'Billing', 20],
    ]);
    expect(v.categories.map((c) => c.signals.map((s) => s.signal))).toEqual([
      ['feature_breadth', 'seat_utilisation', 'training_completions'],
      ['csat_last5', 'escalations_3m', 'open_tickets'],
      ['max_days_overdue'],
    ]);
    expect(v.categories.flatMap((c) => c.signals.map((s) => s.weight))).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
  it('normalises each signal on the scale a new account is judged by', () => {
    const v = onboardingVariant(base);
    expect(v.categories.flatMap((c) => c.signals.map((s) => s.normalisation))).toEqual([
      { kind: 'linear', worst: 0.15, best: 0.5 }, // a sixth to a half of the features used
      { kind: 'linear', worst: 0.2, best: 0.6 }, // seats
      { kind: 'bands', edges: [1, 3], scores: [20, 70, 100] }, // trainings completed
      { kind: 'linear', worst: 3, best: 5 }, // CSAT on a 1–5 scale
      { kind: 'bands', edges: [1, 2], scores: [100, 50, 0] }, // escalations in 3 months
      { kind: 'bands', edges: [2, 5], scores: [100, 60, 20] }, // open tickets
      { kind: 'bands', edges: [1, 31, 61], scores: [100, 60, 30, 0] }, // days overdue
    ]);
  });
  it('is a valid configuration of a model', () => {
    const v = onboardingVariant(base);
    expect(() => ModelConfigSchema.parse({ ...base, variants: [v] })).not.toThrow();
  });
});
