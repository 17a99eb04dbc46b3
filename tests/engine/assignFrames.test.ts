/**
 * Which configuration scores each snapshot of a frame, worked by hand for
 * every kind of condition: segment, plan and region lists (any case, spaces
 * ignored), the ARR band's two ends, an unknown ARR, the age limit and an
 * unknown age, and the first matching variant winning.
 */
import { describe, expect, it } from 'vitest';
import { ModelConfigSchema, type Variant } from '../../engine/core/api/schema.js';
import { resolveConfigurations } from '../../engine/core/model/configurations.js';
import { assignConfigurations, factsAt, ruleMatches } from '../../engine/core/scoring/assign.js';
import { AGE_UNKNOWN, type SnapshotFrame } from '../../engine/core/snapshots/frame.js';
import { frameOf, simpleConfig } from './frames.js';

const lin = { kind: 'linear', worst: 0, best: 100 } as const;
const categories = [
  { id: 'a', name: 'A', weight: 60, signals: [{ signal: 'logins_trend' as const, weight: 1, normalisation: lin }] },
  { id: 'b', name: 'B', weight: 40, signals: [{ signal: 'csat_last5' as const, weight: 1, normalisation: lin }] },
];
const variant = (id: string, when: Variant['when']): Variant => ({ id, name: id, when, categories });
const configs = resolveConfigurations(
  ModelConfigSchema.parse({
    ...simpleConfig(50, 50),
    variants: [
      variant('emea-enterprise-pro', { segments: ['enterprise'], plans: ['PRO'], regions: ['APAC', ' emea '] }),
      variant('mid-market', { arrMin: 10_000, arrBelow: 50_000 }),
      variant('onboarding', { ageDaysBelow: 90 }),
    ],
  }),
);

// segment 0 Enterprise / 1 SMB; plan 0 Starter / 1 Pro; region 0 NA / 1 EMEA.
const rows = [
  { segment: 0, plan: 1, region: 1, arr: 100_000, age: 400, expect: 0 },
  { segment: 1, plan: 1, region: 1, arr: 100_000, age: 400, expect: 3 }, // SMB: not the first variant
  { segment: 0, plan: 0, region: 1, arr: 100_000, age: 400, expect: 3 }, // Starter
  { segment: 0, plan: 1, region: 0, arr: 100_000, age: 400, expect: 3 }, // NA
  { segment: 1, plan: 0, region: 0, arr: 10_000, age: 10, expect: 1 }, // arrMin inclusive, before onboarding
  { segment: 1, plan: 0, region: 0, arr: 9_999, age: 89, expect: 2 }, // below the band, 89 days old
  { segment: 1, plan: 0, region: 0, arr: 50_000, age: 90, expect: 3 }, // arrBelow exclusive, 90 days old
  { segment: 1, plan: 0, region: 0, arr: 49_999, age: 400, expect: 1 },
  { segment: 1, plan: 0, region: 0, arr: Number.NaN, age: 30, expect: 2 }, // unknown ARR: in no band
  { segment: 1, plan: 0, region: 0, arr: Number.NaN, age: AGE_UNKNOWN, expect: 3 }, // unknown age: never onboarding
];

function frame(): SnapshotFrame {
  const f = frameOf(
    rows.map(() => ({})),
    {
      segment: Uint8Array.from(rows, (r) => r.segment),
      plan: Uint8Array.from(rows, (r) => r.plan),
      region: Uint8Array.from(rows, (r) => r.region),
      arr: Float32Array.from(rows, (r) => r.arr),
      ageDays: Uint16Array.from(rows, (r) => r.age),
    },
    ['Enterprise', 'SMB'],
  );
  return { ...f, meta: { ...f.meta, plans: ['Starter', 'Pro'], regions: ['NA', 'EMEA'] } };
}

describe('assigning configurations to a frame', () => {
  it('gives each snapshot the first variant whose every condition holds, else the default', () => {
    expect(configs.map((c) => c.id)).toEqual(['emea-enterprise-pro', 'mid-market', 'onboarding', 'default']);
    expect(Array.from(assignConfigurations(frame(), configs)!)).toEqual(rows.map((r) => r.expect));
  });
  it('reads the facts of a snapshot by their codes', () => {
    const f = frame();
    expect(factsAt(f, 0)).toEqual({ segment: 'Enterprise', plan: 'Pro', region: 'EMEA', arr: 100_000, ageDays: 400 });
    expect(factsAt(f, 5)).toEqual({ segment: 'SMB', plan: 'Starter', region: 'NA', arr: 9_999, ageDays: 89 });
  });
});

describe('one rule against one account', () => {
  const facts = { segment: 'SMB', plan: 'Starter', region: 'NA', arr: Number.NaN, ageDays: 30 };
  it('matches any value of a list, ignoring case and spaces on both sides', () => {
    expect(ruleMatches({ segments: ['Enterprise', 'smb'] }, facts)).toBe(true);
    expect(ruleMatches({ segments: ['smb'] }, { ...facts, segment: ' SMB ' })).toBe(true);
  });
  it('rejects a region or plan not listed, and an unknown ARR under an upper bound alone', () => {
    expect(ruleMatches({ regions: ['EMEA', 'APAC'] }, facts)).toBe(false);
    expect(ruleMatches({ plans: ['Pro'] }, facts)).toBe(false);
    expect(ruleMatches({ plans: ['pro', ' starter'] }, facts)).toBe(true);
    expect(ruleMatches({ arrBelow: 50_000 }, facts)).toBe(false);
    expect(ruleMatches({ ageDaysBelow: 31 }, facts)).toBe(true);
    expect(ruleMatches({ ageDaysBelow: 30 }, facts)).toBe(false);
  });
});
