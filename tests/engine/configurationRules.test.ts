/**
 * What a configuration inherits from the default, when its cut points are its
 * own, and its rule in words on the configuration picker ("2. Segment
 * Enterprise · ARR 100,000 to below 500,000").
 */
import { describe, expect, it } from 'vitest';
import { ModelConfigSchema, type ModelConfig } from '../../engine/core/api/schema.js';
import {
  describeRule,
  hasOwnCuts,
  resolveConfigurations,
  tiersWithCuts,
} from '../../engine/core/model/configurations.js';
import { TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { simpleConfig } from './frames.js';

describe('a rule in words', () => {
  it('names every condition in order, joined by a middle dot, the first word capitalised', () => {
    expect(
      describeRule({
        segments: ['Enterprise', 'Mid-Market'],
        plans: ['Pro'],
        regions: ['EMEA', 'APAC'],
        arrMin: 100000,
        arrBelow: 500000,
        ageDaysBelow: 60,
      }),
    ).toBe(
      'Segment Enterprise or Mid-Market · plan Pro · region EMEA or APAC · ARR 100,000 to below 500,000 · younger than 60 days',
    );
  });
  it('one condition alone', () => {
    expect(describeRule({ plans: ['Starter'] })).toBe('Plan Starter');
    expect(describeRule({ plans: ['Pro', 'Enterprise'] })).toBe('Plan Pro or Enterprise');
    expect(describeRule({ regions: ['NA'] })).toBe('Region NA');
    expect(describeRule({ ageDaysBelow: 90 })).toBe('Younger than 90 days');
  });
  it('an ARR band open at either end', () => {
    expect(describeRule({ arrMin: 25000 })).toBe('ARR 25,000 or more');
    expect(describeRule({ arrBelow: 1500000 })).toBe('ARR below 1,500,000');
    expect(describeRule({ arrMin: 0, arrBelow: 10000 })).toBe('ARR 0 to below 10,000');
  });
});

describe('a variant’s own cut points', () => {
  it('replace the shared lower bounds, keeping names, colours and playbooks', () => {
    const t = tiersWithCuts(TRAFFIC_LIGHT, [80, 50, 0]);
    expect(t.tiers.map((x) => x.min)).toEqual([80, 50, 0]);
    expect(t.tiers.map(({ min: _min, ...rest }) => rest)).toEqual(
      TRAFFIC_LIGHT.tiers.map(({ min: _min, ...rest }) => rest),
    );
    expect(TRAFFIC_LIGHT.tiers.map((x) => x.min)).toEqual([70, 40, 0]); // the shared scheme is untouched
  });
  it('equal to the shared ones, or none, leave the shared scheme itself', () => {
    expect(tiersWithCuts(TRAFFIC_LIGHT, [70, 40, 0])).toBe(TRAFFIC_LIGHT);
    expect(tiersWithCuts(TRAFFIC_LIGHT, undefined)).toBe(TRAFFIC_LIGHT);
    expect(tiersWithCuts(TRAFFIC_LIGHT, [70, 45, 0])).not.toBe(TRAFFIC_LIGHT);
  });
});

describe('resolved configurations', () => {
  const base = simpleConfig(50, 50);
  const config: ModelConfig = ModelConfigSchema.parse({
    ...base,
    missing: 'reweight',
    baseline: 'last-year',
    variants: [
      { id: 'smb', name: 'SMB', when: { segments: ['SMB'] }, categories: base.categories },
      {
        id: 'ent',
        name: 'Enterprise',
        when: { segments: ['Enterprise'] },
        categories: base.categories,
        missing: 'penalise',
        baseline: 'trailing',
        cuts: [80, 50, 0],
      },
    ],
  });

  it('list the variants in match order, then the default, which has no rule', () => {
    const r = resolveConfigurations(config);
    expect(r.map((c) => [c.id, c.name])).toEqual([
      ['smb', 'SMB'],
      ['ent', 'Enterprise'],
      ['default', 'Default'],
    ]);
    expect(r.map((c) => c.when)).toEqual([{ segments: ['SMB'] }, { segments: ['Enterprise'] }, null]);
  });
  it('inherit the default’s policy, baseline and cut points unless they set their own', () => {
    const [smb, ent, def] = resolveConfigurations(config);
    expect([smb!.missing, smb!.baseline, smb!.tiers]).toEqual(['reweight', 'last-year', config.tiers]);
    expect([ent!.missing, ent!.baseline, ent!.tiers.tiers.map((t) => t.min)]).toEqual([
      'penalise',
      'trailing',
      [80, 50, 0],
    ]);
    expect([def!.missing, def!.baseline, def!.tiers]).toEqual(['reweight', 'last-year', config.tiers]);
  });
  it('read the trailing baseline when the model names none', () => {
    const r = resolveConfigurations({ ...config, baseline: undefined });
    expect(r.map((c) => c.baseline)).toEqual(['trailing', 'trailing', 'trailing']);
  });
  it('have cut points of their own only when some variant sets different ones', () => {
    expect(hasOwnCuts(resolveConfigurations(config))).toBe(true);
    expect(hasOwnCuts(resolveConfigurations({ ...config, variants: [config.variants![0]!] }))).toBe(false);
    expect(hasOwnCuts(resolveConfigurations(base))).toBe(false);
  });
});
