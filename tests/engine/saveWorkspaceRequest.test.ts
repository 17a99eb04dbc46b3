import { describe, expect, it } from 'vitest';
import { SaveWorkspaceRequestSchema } from '../../engine/core/api/schema.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';

const scenario = { name: 'Usage-heavy', config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST };
const nested = (depth: number): unknown => (depth === 0 ? [] : [nested(depth - 1)]);

describe('a workspace save request', () => {
  it('keeps scenarios whose configuration and backtest design are valid', () => {
    const r = SaveWorkspaceRequestSchema.safeParse({ name: 'Q3', project: { mapping: null, scenarios: [scenario] } });
    expect(r.success).toBe(true);
  });

  it('refuses a scenario whose configuration is not one, naming where, so no later open fails on it', () => {
    for (const config of [nested(500), { ...DEFAULT_CONFIG, categories: [] }, 'x']) {
      const r = SaveWorkspaceRequestSchema.safeParse({
        name: 'Q3',
        project: { mapping: null, scenarios: [scenario, { ...scenario, config }] },
      });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0]!.path.slice(0, 4)).toEqual(['project', 'scenarios', 1, 'config']);
    }
  });

  it('refuses a scenario without a backtest design', () => {
    const r = SaveWorkspaceRequestSchema.safeParse({
      name: 'Q3',
      project: { mapping: null, scenarios: [{ name: 'x', config: DEFAULT_CONFIG }] },
    });
    expect(r.success).toBe(false);
  });
});
