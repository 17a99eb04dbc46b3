/**
 * Editing one configuration in the model editor: the plain-model view of a
 * variant and the edit written back, for what a variant inherits (missing-data
 * policy, baseline) and what it sets for itself. Each expected object is
 * written out; toStrictEqual, so a key set to undefined is not "absent".
 */
import { describe, expect, it } from 'vitest';
import { ModelConfigSchema, type ModelConfig, type Variant } from '../../engine/core/api/schema.js';
import { editableConfiguration, withEditedConfiguration } from '../../engine/core/model/configurations.js';
import { FOUR_TIER } from '../../engine/core/model/defaults.js';
import { simpleConfig } from './frames.js';

const base = simpleConfig(50, 50);
const variant = (extra: Partial<Variant> = {}): Variant => ({
  id: 'smb',
  name: 'SMB',
  when: { segments: ['SMB'] },
  categories: base.categories,
  ...extra,
});
const model = (extra: Partial<ModelConfig>, v: Partial<Variant> = {}): ModelConfig =>
  ModelConfigSchema.parse({ ...base, ...extra, variants: [variant(v)] });
/** Edit the SMB configuration through its plain-model view, changing `change`, and return the variant written back. */
const editVariant = (config: ModelConfig, change: Partial<ModelConfig> = {}) =>
  withEditedConfiguration(config, 'smb', { ...editableConfiguration(config, 'smb'), ...change }).variants![0]!;

describe('the plain-model view of a variant', () => {
  it('shows the baseline it inherits, its own, or none', () => {
    expect(editableConfiguration(model({ baseline: 'last-year' }), 'smb').baseline).toBe('last-year');
    expect(editableConfiguration(model({ baseline: 'last-year' }, { baseline: 'trailing' }), 'smb').baseline).toBe(
      'trailing',
    );
    expect('baseline' in editableConfiguration(model({}), 'smb')).toBe(false);
  });
  it('of a model without variants is the model itself', () => {
    expect(editableConfiguration(base, 'smb')).toBe(base);
  });
});

describe('a variant edit written back', () => {
  it('an untouched inherited policy and baseline stay inherited', () => {
    expect(editVariant(model({ missing: 'reweight', baseline: 'last-year' }))).toStrictEqual(variant());
    expect(editVariant(model({}))).toStrictEqual(variant());
  });
  it('a policy or baseline changed in the editor becomes the variant’s own', () => {
    expect(editVariant(model({}), { missing: 'penalise' })).toStrictEqual(variant({ missing: 'penalise' }));
    expect(editVariant(model({}), { baseline: 'last-year' })).toStrictEqual(variant({ baseline: 'last-year' }));
    // Back to trailing under a last-year model: trailing is now the variant's own choice.
    expect(editVariant(model({ baseline: 'last-year' }), { baseline: undefined })).toStrictEqual(
      variant({ baseline: 'trailing' }),
    );
  });
  it('a policy or baseline the variant set itself stays its own, even when it equals the default’s', () => {
    const own = model({ missing: 'neutral' }, { missing: 'neutral', baseline: 'trailing' });
    expect(editVariant(own)).toStrictEqual(variant({ missing: 'neutral', baseline: 'trailing' }));
  });
  it('leaves the model it was given as it was', () => {
    const config = model({}, { cuts: [80, 50, 0] });
    const before = structuredClone(config);
    withEditedConfiguration(config, 'smb', { ...editableConfiguration(config, 'smb'), missing: 'penalise' });
    expect(config).toStrictEqual(before);
  });
  it('with another number of tiers: the default takes the new tiers and the variants inherit the cut points again', () => {
    const config = model({}, { cuts: [80, 50, 0] });
    const next = withEditedConfiguration(config, 'smb', { ...editableConfiguration(config, 'smb'), tiers: FOUR_TIER });
    expect(next.tiers).toStrictEqual(FOUR_TIER);
    expect(next.variants![0]!.cuts).toBeUndefined();
    expect(ModelConfigSchema.safeParse(next).success).toBe(true);
  });
});

describe('a default edit written back', () => {
  it('sets the baseline chosen, or removes it', () => {
    expect(withEditedConfiguration(base, 'default', { ...base, baseline: 'last-year' }).baseline).toBe('last-year');
    const seasonal = { ...base, baseline: 'last-year' as const };
    expect('baseline' in withEditedConfiguration(seasonal, 'default', base)).toBe(false);
  });
  it('in a model without variants: no variants appear, whatever the tiers', () => {
    const next = withEditedConfiguration(base, 'default', { ...base, tiers: FOUR_TIER });
    expect(next.tiers).toBe(FOUR_TIER);
    expect('variants' in next).toBe(false);
  });
  it('keeps the variants’ own cut points while the number of tiers stays', () => {
    const config = model({}, { cuts: [80, 50, 0] });
    const next = withEditedConfiguration(config, 'default', { ...config, missing: 'penalise' });
    expect(next.variants![0]!.cuts).toEqual([80, 50, 0]);
    expect(next.missing).toBe('penalise');
  });
});
