/**
 * Category scores with a percentile-ranked signal next to a pointwise one,
 * and which configuration's column each snapshot reads. Worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { ModelConfigSchema } from '../../engine/core/api/schema.js';
import { TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import {
  computeCategoryScores,
  configurationOf,
  pickByConfiguration,
  scoreFrame,
} from '../../engine/core/scoring/score.js';
import { frameOf } from './frames.js';

describe('a category mixing a percentile rank and a linear signal', () => {
  // Seat utilisation ranked among the four accounts of the date; logins trend linear 0–100. Equal signal weights.
  const config = ModelConfigSchema.parse({
    schemaVersion: 1,
    name: 'percentile',
    missing: 'neutral',
    tiers: TRAFFIC_LIGHT,
    categories: [
      {
        id: 'growth',
        name: 'Growth',
        weight: 100,
        signals: [
          {
            signal: 'seat_utilisation',
            weight: 1,
            normalisation: { kind: 'percentile', higherIsBetter: true, within: 'portfolio' },
          },
          { signal: 'logins_trend', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 100 } },
        ],
      },
    ],
  });
  const frame = frameOf([
    { seat_utilisation: 0.3, logins_trend: 40 },
    { seat_utilisation: 0.5 },
    { seat_utilisation: 0.9, logins_trend: 80 },
    { seat_utilisation: 0.1 },
    {},
  ]);

  it('averages the rank (accounts below / others) with the other signals, over those available', () => {
    // Ranks among 0.1, 0.3, 0.5, 0.9: 1/3, 2/3, 1, 0. Row 0: (33.3 + 40) / 2; row 2: (100 + 80) / 2.
    const [growth] = computeCategoryScores(frame, config.categories);
    expect(Array.from(growth!.subarray(0, 4))).toEqual(
      [(100 / 3 + 40) / 2, 200 / 3, 90, 0].map((x) => expect.closeTo(x, 4)),
    );
    expect(growth![4]).toBeNaN();
    // One category at weight 100: the score is the category; no data at all scores the neutral 50.
    expect(Array.from(scoreFrame(frame, config).scores)).toEqual(
      [(100 / 3 + 40) / 2, 200 / 3, 90, 0, 50].map((x) => expect.closeTo(x, 4)),
    );
  });
});

describe('the configuration of each snapshot', () => {
  it('is the default (0) without variants, else the assigned one, and the score is read from its column', () => {
    expect([0, 1].map((i) => configurationOf({ assigned: null }, i))).toEqual([0, 0]);
    const assigned = Uint8Array.from([2, 0, 1]);
    expect([0, 1, 2].map((i) => configurationOf({ assigned }, i))).toEqual([2, 0, 1]);
    const columns = [Float32Array.from([10, 11, 12]), Float32Array.from([20, 21, 22]), Float32Array.from([30, 31, 32])];
    expect(Array.from(pickByConfiguration(columns, assigned, 3))).toEqual([30, 11, 22]);
    expect(pickByConfiguration(columns, null, 3)).toBe(columns[0]);
  });
});
