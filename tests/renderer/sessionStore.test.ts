import { describe, expect, it } from 'vitest';
import { RANKED_FIELDS, type EvaluationResult } from '../../engine/core/api/schema.js';
import { BacktestPipeline } from '../../engine/core/backtest/pipeline.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { selectComputing, selectSettled, useSessionStore } from '../../renderer/state/sessionStore.js';
import { frameOf, simpleConfig } from '../engine/frames.js';

describe('results on screen: provisional, then final', () => {
  const frame = frameOf(
    Array.from({ length: 40 }, (_, i) => ({ logins_trend: (i * 37) % 100, csat_last5: (i * 53) % 100 })),
    {
      daysToChurn: Float32Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? 20 : Number.NaN)),
    },
  );
  const backtest = { ...DEFAULT_BACKTEST, atRiskTiers: ['red'], minChurners: 1 };
  const pipeline = new BacktestPipeline(frame);
  const asOf = frame.meta.periods[0]!;
  const first = pipeline.run({ config: simpleConfig(50, 50), backtest, asOf });
  const provisional = pipeline.runProvisional({ config: simpleConfig(90, 10), backtest, asOf })!;
  const final = pipeline.run({ config: simpleConfig(90, 10), backtest, asOf });

  it('is computing until a result for the latest request arrives, and settled only once its ranking is current', () => {
    const s = useSessionStore.getState();
    s.showResult(1, first, 5);
    s.requested(2);
    expect([selectComputing(useSessionStore.getState()), selectSettled(useSessionStore.getState())]).toEqual([
      true,
      false,
    ]);
    s.showResult(2, provisional, 3, true);
    expect([selectComputing(useSessionStore.getState()), selectSettled(useSessionStore.getState())]).toEqual([
      false,
      false,
    ]);
    const shown = useSessionStore.getState().result!;
    s.showResult(2, final, 9);
    expect([selectComputing(useSessionStore.getState()), selectSettled(useSessionStore.getState())]).toEqual([
      false,
      true,
    ]);
    const after = useSessionStore.getState().result as EvaluationResult;
    // Everything but the ranking keeps its identity (no chart redraw); the ranking is the final one.
    expect(after.portfolio).toBe(shown.portfolio);
    expect(after.backtest.tiers).toBe(shown.backtest.tiers);
    for (const k of RANKED_FIELDS) expect(after.backtest[k]).toEqual(final.backtest[k]);
    expect(after).toEqual(final);
    expect(provisional.backtest.auc).not.toBe(final.backtest.auc);
  });
});
