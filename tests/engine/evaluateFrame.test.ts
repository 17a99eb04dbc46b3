/**
 * One evaluation as the engine API and the CLI ask for it: a pipeline per frame made by the default
 * builder, and bootstrap intervals only when a replicate count is given. Four accounts on one date,
 * scored 90, 80, 20 and 10 (category A alone); the two in Red (below 40) churn, the others stay.
 */
import { describe, expect, it } from 'vitest';
import { evaluateFrame, frameEvaluator } from '../../engine/core/backtest/evaluate.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { frameOf, simpleConfig } from './frames.js';

const N = Number.NaN;
const fixture = () =>
  frameOf(
    [90, 80, 20, 10].map((s) => ({ logins_trend: s })),
    { daysToChurn: Float32Array.from([N, N, 30, 30]) },
  );
const config = simpleConfig(100, 0);

describe('evaluating a frame', () => {
  it('scores and judges the frame with a plain pipeline when no builder is given', () => {
    const r = frameEvaluator()(fixture(), config, DEFAULT_BACKTEST, '2025-01-31');
    expect(r.backtest.overall.confusion).toEqual({ tp: 2, fp: 0, fn: 0, tn: 2 });
    expect(r.portfolio.meanScore).toBe(50);
  });
  it('adds no intervals unless a bootstrap count is given', () => {
    const frame = fixture();
    expect(evaluateFrame(frame, config, DEFAULT_BACKTEST, '2025-01-31').intervals).toBeNull();
    expect(evaluateFrame(frame, config, DEFAULT_BACKTEST, '2025-01-31', 0).intervals).toBeNull();
  });
  it('adds bootstrap intervals when asked: every replicate that draws a churner ranks and flags it perfectly', () => {
    // Red holds exactly the churners, so precision, recall and AUC are 1 in every replicate where they are defined.
    const r = evaluateFrame(fixture(), config, DEFAULT_BACKTEST, '2025-01-31', 40);
    expect(r.intervals?.precision).toEqual([1, 1]);
    expect(r.intervals?.recall).toEqual([1, 1]);
    expect(r.intervals?.auc).toEqual([1, 1]);
    // The point estimates are the run's own, unchanged by the bootstrap.
    expect(r.backtest.overall.confusion).toEqual({ tp: 2, fp: 0, fn: 0, tn: 2 });
  });
});
