import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../engine/core/config/canonical.js';
import { diffConfigs } from '../../engine/core/config/diffConfigs.js';
import { jsonPath } from '../../engine/core/config/validateConfig.js';
import { DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';

describe('configuration files', () => {
  it('hash a canonical form that ignores key order and whitespace', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson(JSON.parse(JSON.stringify(DEFAULT_CONFIG, null, 4)))).toBe(canonicalJson(DEFAULT_CONFIG));
  });
  it('write JSON paths the way people read them', () => {
    expect(jsonPath(['categories', 2, 'weight'])).toBe('categories[2].weight');
    expect(jsonPath([])).toBe('$');
  });
  it('diff two versions as paths with before and after', () => {
    const b = structuredClone(DEFAULT_CONFIG);
    b.categories[0]!.weight = 35;
    b.categories[4]!.weight = 10;
    b.tiers.tiers[0]!.min = 72;
    expect(diffConfigs(DEFAULT_CONFIG, b)).toEqual([
      { path: 'categories[0].weight', before: 30, after: 35 },
      { path: 'categories[4].weight', before: 15, after: 10 },
      { path: 'tiers.tiers[0].min', before: 70, after: 72 },
    ]);
    expect(diffConfigs(DEFAULT_CONFIG, structuredClone(DEFAULT_CONFIG))).toEqual([]);
  });
});
