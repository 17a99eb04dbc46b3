/** What changed between two configurations, as JSON paths with before and after values. */
import { jsonPath } from './validateConfig.js';

export interface ConfigChange {
  path: string;
  before: unknown;
  after: unknown;
}

export function diffConfigs(a: unknown, b: unknown, path: (string | number)[] = []): ConfigChange[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: ConfigChange[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...diffConfigs(a[i], b[i], [...path, i]));
    return out;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) =>
      diffConfigs((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, k]),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path: jsonPath(path), before: a, after: b }];
}
