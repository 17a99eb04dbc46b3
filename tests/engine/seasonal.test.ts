import { describe, expect, it } from 'vitest';
import { ModelConfigSchema } from '../../engine/core/api/schema.js';
import { BacktestPipeline } from '../../engine/core/backtest/pipeline.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { scoreFrame } from '../../engine/core/scoring/score.js';
import { signalValues } from '../../engine/core/scoring/seasonal.js';
import { signalDistribution } from '../../engine/core/signals/distribution.js';
import { frameOf, simpleConfig } from './frames.js';

describe('the same-period-last-year baseline', () => {
  // Account 0 has a year of history (seasonal trend 1.0 while the trailing trend dips to 0.5);
  // account 1 is younger than a year (no seasonal value); account 2 has no usage at all.
  const frame = frameOf([
    { logins_trend: 0.5, logins_yoy: 1.0, csat_last5: 50 },
    { logins_trend: 0.8, csat_last5: 50 },
    { csat_last5: 50 },
  ]);
  it('reads the seasonal trend where a year of history exists, else the trailing one', () => {
    expect(Array.from(signalValues(frame, 'logins_trend', 'last-year'))).toEqual([1, Math.fround(0.8), Number.NaN]);
    expect(signalValues(frame, 'logins_trend', 'trailing')).toBe(frame.values.logins_trend);
    expect(signalValues(frame, 'csat_last5', 'last-year')).toBe(frame.values.csat_last5); // not a trend
  });
  it('previews, in the category editor, the values the configuration will actually score', () => {
    const trailing = signalDistribution(frame, 'logins_trend', '2025-01-31', 'trailing');
    const seasonal = signalDistribution(frame, 'logins_trend', '2025-01-31', 'last-year');
    expect([trailing.total, trailing.missing, seasonal.total, seasonal.missing]).toEqual([3, 1, 3, 1]);
    expect(trailing.bins[0]!.from).toBe(0.5);
    expect(seasonal.bins[0]!.from).toBeCloseTo(0.8, 6); // account 0 reads 1.0 a year on, account 1 keeps 0.8
    expect(seasonal.bins.at(-1)!.to).toBe(1);
  });
  it('changes the scores only of accounts whose seasonal trend differs', () => {
    // A = logins trend on 0..1 → 0..100; B = CSAT 0..100.
    const base = simpleConfig(50, 50);
    const config = ModelConfigSchema.parse({
      ...base,
      categories: [
        {
          ...base.categories[0]!,
          signals: [{ signal: 'logins_trend', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 1 } }],
        },
        base.categories[1]!,
      ],
    });
    const trailing = scoreFrame(frame, config).scores;
    const seasonal = scoreFrame(frame, { ...config, baseline: 'last-year' }).scores;
    expect(Array.from(trailing)).toEqual([50, 65, 50]);
    expect(Array.from(seasonal)).toEqual([75, 65, 50]);
    const r = new BacktestPipeline(frame).run({
      config: { ...config, baseline: 'last-year' },
      backtest: { ...DEFAULT_BACKTEST, atRiskTiers: ['red'] },
      asOf: '2025-01-31',
    });
    expect(r.portfolio.histogram[75]).toBe(1);
  });
});

describe('which signals have a same-period-last-year twin', () => {
  const frame = frameOf([
    {
      logins_trend: 0.5,
      logins_yoy: 1.1,
      session_trend: 0.6,
      session_yoy: 1.2,
      key_actions_trend: 0.7,
      key_actions_yoy: 1.3,
      api_calls_trend: 0.8,
      api_calls_yoy: 1.4,
    },
  ]);
  it('reads each of the four usage trends from its own twin, and the trailing trend without a baseline', () => {
    const read = (baseline: 'last-year' | 'trailing' | undefined) =>
      (['logins_trend', 'session_trend', 'key_actions_trend', 'api_calls_trend'] as const).map(
        (s) => signalValues(frame, s, baseline)[0],
      );
    expect(read('last-year')).toEqual([1.1, 1.2, 1.3, 1.4].map(Math.fround));
    expect(read('trailing')).toEqual([0.5, 0.6, 0.7, 0.8].map(Math.fround));
    expect(read(undefined)).toEqual([0.5, 0.6, 0.7, 0.8].map(Math.fround));
  });
  it('builds the merged column once per frame, and separately for another frame', () => {
    const first = signalValues(frame, 'session_trend', 'last-year');
    expect(signalValues(frame, 'session_trend', 'last-year')).toBe(first);
    const other = frameOf([{ session_trend: 0.9 }]);
    expect(Array.from(signalValues(other, 'session_trend', 'last-year'))).toEqual([Math.fround(0.9)]);
    expect(signalValues(frame, 'session_trend', 'last-year')[0]).toBe(Math.fround(1.2));
  });
  it("reads a custom signal's own column, and names one the snapshots were built without", () => {
    const col = Float32Array.from([42]);
    const withCustom = { ...frame, values: { ...frame.values, 'custom.seats_used': col } };
    expect(signalValues(withCustom, 'custom.seats_used', 'last-year')).toBe(col);
    expect(() => signalValues(frame, 'custom.seats_used', 'trailing')).toThrow(
      /custom signal "custom\.seats_used" is not in these snapshots/,
    );
  });
});
