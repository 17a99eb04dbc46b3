import { describe, expect, it } from 'vitest';
import { axisTicks } from '../../renderer/charts/axisTicks.js';

describe('chart axis ticks', () => {
  it('step by 1, 2 or 5 times a power of ten and reach at least the largest value', () => {
    expect(axisTicks(6.5)).toEqual({ ticks: [0, 2, 4, 6, 8], top: 8 });
    expect(axisTicks(153)).toEqual({ ticks: [0, 50, 100, 150, 200], top: 200 });
    expect(axisTicks(100)).toEqual({ ticks: [0, 20, 40, 60, 80, 100], top: 100 });
    expect(axisTicks(0.37)).toEqual({ ticks: [0, 0.1, 0.2, 0.3, 0.4], top: 0.4 });
  });

  it('draw a unit axis when there is nothing to show', () => {
    expect(axisTicks(0).top).toBe(1);
    expect(axisTicks(Number.NaN).top).toBe(1);
  });
});
